import { Module } from '@nestjs/common';
import { ProgramsController } from './programs/programs.controller';

/** The rewards service: programs, reward decisions, the ledger. Needs EVENT_STORE and CLOCK from the app. */
@Module({ controllers: [ProgramsController] })
export class RewardsModule {}

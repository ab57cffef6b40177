import { Module } from '@nestjs/common';
import { RewardGranting } from './granting/reward-granting';
import { ProgramsController } from './programs/programs.controller';

/** The rewards service: programs, reward decisions, the ledger. Needs EVENT_STORE and CLOCK from the app. */
@Module({ controllers: [ProgramsController, RewardGranting] })
export class RewardsModule {}

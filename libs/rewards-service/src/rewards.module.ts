import { Module } from '@nestjs/common';
import { RewardGranting } from './granting/reward-granting';
import { HoldSweep } from './holds/hold-sweep';
import { BalancesController } from './ledger/balances.controller';
import { ProgramsController } from './programs/programs.controller';

/**
 * The rewards service: programs, reward decisions, the ledger. Needs EVENT_STORE, CLOCK and POSTGRES_POOL
 * from the app, which also runs its projections (`REWARDS_PROJECTIONS`) and starts the HoldSweep.
 */
@Module({ controllers: [ProgramsController, RewardGranting, BalancesController], providers: [RewardGranting, HoldSweep], exports: [HoldSweep] })
export class RewardsModule {}

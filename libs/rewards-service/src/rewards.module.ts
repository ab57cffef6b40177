import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BannedCustomersHandler } from './bans/banned-customers.handler';
import { RewardGranting } from './granting/reward-granting';
import { HoldSweep } from './holds/hold-sweep';
import { FinanceReportsController } from './ledger/finance-reports.controller';
import { LedgerController } from './ledger/ledger.controller';
import { LedgerReports } from './ledger/ledger-reports';
import { LedgerChainLink, LedgerEntry, LedgerPosting } from './ledger/ledger-tables';
import { CustomersController, MeController } from './referrer-view/customers.controller';
import { ReferrerViewQueries } from './referrer-view/referrer-view-queries';
import { ReferralStatusRow, RewardStatusRow } from './referrer-view/referrer-view-tables';
import { ProgramsController } from './programs/programs.controller';
import { RedemptionsController } from './redemptions/redemptions.controller';
import { FulfilmentController } from './fulfilment/fulfilment.controller';
import { CustomerNotificationsHandler } from './notifications/customer-notifications.handler';

/**
 * The rewards service: programs, reward decisions, the ledger. Needs EVENT_STORE, CLOCK, POSTGRES_POOL and
 * REFERRER_TOKENS from the app, which also runs its projections (`REWARDS_PROJECTIONS`) and starts the HoldSweep.
 */
@Module({
  // The read side (ledger reports, statements, referrer views) queries the projections' tables through these repositories.
  imports: [TypeOrmModule.forFeature([LedgerEntry, LedgerPosting, LedgerChainLink, ReferralStatusRow, RewardStatusRow])],
  controllers: [
    ProgramsController,
    RewardGranting,
    LedgerController,
    FinanceReportsController,
    CustomersController,
    MeController,
    RedemptionsController,
    FulfilmentController,
    CustomerNotificationsHandler,
    BannedCustomersHandler,
  ],
  providers: [RewardGranting, HoldSweep, ReferrerViewQueries, LedgerReports],
  exports: [HoldSweep],
})
export class RewardsModule {}

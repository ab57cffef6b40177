import { Module } from '@nestjs/common';
import { BannedCustomersHandler } from './bans/banned-customers.handler';
import { RewardGranting } from './granting/reward-granting';
import { HoldSweep } from './holds/hold-sweep';
import { FinanceReportsController } from './ledger/finance-reports.controller';
import { LedgerController } from './ledger/ledger.controller';
import { LedgerReports } from './ledger/ledger-reports';
import { CustomersController, MeController } from './referrer-view/customers.controller';
import { ReferrerViewQueries } from './referrer-view/referrer-view-queries';
import { ProgramsController } from './programs/programs.controller';
import { RedemptionsController } from './redemptions/redemptions.controller';
import { FulfilmentController } from './fulfilment/fulfilment.controller';
import { CustomerNotificationsHandler } from './notifications/customer-notifications.handler';

/**
 * The rewards service: programs, reward decisions, the ledger. Needs EVENT_STORE, CLOCK, POSTGRES_POOL and
 * REFERRER_TOKENS from the app, which also runs its projections (`REWARDS_PROJECTIONS`) and starts the HoldSweep.
 */
@Module({
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

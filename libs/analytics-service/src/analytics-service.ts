import type { ServiceDefinition } from '@referral-ledger/service-host';
import { AnalyticsModule } from './analytics.module';
import { channelCostsProjection } from './channels/channel-costs-projection';
import { customerValueProjection } from './customers/customer-value-projection';
import { kpiDailyProjection } from './kpis/kpi-daily-projection';
import { referrerStatsProjection } from './referrers/referrer-stats-projection';
import { variantResultsProjection } from './variants/variant-results-projection';

/** Analytics reads the shared event store through its projections; it needs no consumer group. */
export const analyticsService: ServiceDefinition = {
  name: 'analytics',
  module: () => AnalyticsModule,
  consumers: [],
  // customer-value last: its migrations create the views over every analytics table.
  projections: () => [kpiDailyProjection, referrerStatsProjection, variantResultsProjection, channelCostsProjection, customerValueProjection],
};

import type { ServiceDefinition } from '@referral-ledger/service-host';
import { AnalyticsModule } from './analytics.module';
import { channelCostsProjection } from './channels/channel-costs-projection';
import { customerValueProjection } from './customers/customer-value-projection';
import { kpiDailyProjection } from './kpis/kpi-daily-projection';
import { FunnelView, LeaderboardView, ProgramKpisView } from './kpis/kpi-view-entities';
import { referrerStatsProjection } from './referrers/referrer-stats-projection';
import { variantResultsProjection } from './variants/variant-results-projection';

/** Analytics reads the shared event store through its projections; it needs no consumer group. */
export const analyticsService: ServiceDefinition = {
  name: 'analytics',
  module: () => AnalyticsModule,
  consumers: [],
  // customer-value's migrations include the views over every analytics table (their timestamp puts them last).
  entities: [FunnelView, LeaderboardView, ProgramKpisView],
  projections: () => [kpiDailyProjection, referrerStatsProjection, variantResultsProjection, channelCostsProjection, customerValueProjection],
};

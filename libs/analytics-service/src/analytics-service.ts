import type { ServiceDefinition } from '@referral-ledger/service-host';
import { AnalyticsModule } from './analytics.module';
import { kpiDailyProjection } from './kpis/kpi-daily-projection';

/** Analytics reads the shared event store through its projections; it needs no consumer group. */
export const analyticsService: ServiceDefinition = {
  name: 'analytics',
  module: () => AnalyticsModule,
  consumers: [],
  projections: () => [kpiDailyProjection],
};

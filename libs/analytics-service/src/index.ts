import { kpiDailyProjection } from './kpis/kpi-daily-projection';

export { AnalyticsModule } from './analytics.module';

/** The read models the analytics service needs running. */
export const ANALYTICS_PROJECTIONS = [kpiDailyProjection];

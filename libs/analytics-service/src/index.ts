export { AnalyticsModule } from './analytics.module';
export { analyticsService } from './analytics-service';
export { kpiDocument } from './kpis/kpi-document';

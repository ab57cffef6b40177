export { AnalyticsModule } from './analytics.module';
export { analyticsService } from './analytics-service';

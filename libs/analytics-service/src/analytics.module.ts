import { Module } from '@nestjs/common';
import { KpisController } from './kpis/kpis.controller';
import { RankingsController } from './kpis/rankings.controller';

/** The analytics service: KPI projections and the KPI API. Needs POSTGRES_POOL; the app runs ANALYTICS_PROJECTIONS. */
@Module({ controllers: [KpisController, RankingsController] })
export class AnalyticsModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KpiDaily } from './kpis/kpi-tables';
import { LeaderboardView } from './kpis/kpi-view-entities';
import { KpisController } from './kpis/kpis.controller';
import { RankingsController } from './kpis/rankings.controller';
import { VariantResults } from './variants/variant-results-tables';

/** The analytics service's KPI API, reading the projections' tables and views through TypeORM repositories. */
@Module({ imports: [TypeOrmModule.forFeature([KpiDaily, LeaderboardView, VariantResults])], controllers: [KpisController, RankingsController] })
export class AnalyticsModule {}

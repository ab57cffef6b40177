import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Roles } from '@referral-ledger/service-kit';
import { KpiDaily } from './kpi-tables';

/** Days the KPI tables can hold. */
const SUPPORTED_YEARS = /^(19[7-9]\d|[2-9]\d{3})-/;
const GROUPINGS = ['day', 'campaign', 'channel', 'country'] as const;

class KpiQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() programId?: string;
  @ApiProperty({ format: 'date', description: 'first day, inclusive' })
  @IsDateString({ strict: true })
  @Matches(SUPPORTED_YEARS, { message: 'from must be between 1970 and 9999' })
  from!: string;
  @ApiProperty({ format: 'date', description: 'last day, inclusive' })
  @IsDateString({ strict: true })
  @Matches(SUPPORTED_YEARS, { message: 'to must be between 1970 and 9999' })
  to!: string;
  @ApiPropertyOptional({ enum: GROUPINGS, default: 'day' }) @IsOptional() @IsIn(GROUPINGS) groupBy: (typeof GROUPINGS)[number] = 'day';
}

class KpiRow {
  @ApiPropertyOptional({ description: 'the value of the grouping: day, campaign, channel or country' }) day?: string;
  @ApiPropertyOptional() campaign?: string;
  @ApiPropertyOptional() channel?: string;
  @ApiPropertyOptional() country?: string;
  @ApiProperty() clicks!: number;
  @ApiProperty() signups!: number;
  @ApiProperty() qualified!: number;
  @ApiProperty() conversions!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ description: 'of rejected: for fraud' }) fraudRejected!: number;
  @ApiProperty({ description: 'minor units' }) rewardCostMinor!: number;
  @ApiProperty({ description: 'minor units' }) revenueMinor!: number;
}

class KpiAnswer {
  @ApiProperty({ type: String, nullable: true }) programId!: string | null;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ enum: GROUPINGS }) groupBy!: string;
  @ApiProperty({ type: [KpiRow] }) rows!: KpiRow[];
}

/** The funnel from `analytics.kpi_daily`, summed over a date range (inclusive) and grouped by one dimension. */
@ApiTags('analytics')
@Roles('analyst', 'admin')
@Controller('v1/kpis')
export class KpisController {
  constructor(@InjectRepository(KpiDaily) private readonly kpiDaily: Repository<KpiDaily>) {}

  @Get()
  @ApiOkResponse({ type: KpiAnswer })
  async kpis(@Query() query: KpiQuery): Promise<KpiAnswer> {
    const sums = this.kpiDaily
      .createQueryBuilder('kpi')
      .select(query.groupBy === 'day' ? "to_char(kpi.day, 'YYYY-MM-DD')" : `kpi.${query.groupBy}`, 'key')
      .addSelect('sum(kpi.clicks)::bigint', 'clicks')
      .addSelect('sum(kpi.signups)::bigint', 'signups')
      .addSelect('sum(kpi.qualified)::bigint', 'qualified')
      .addSelect('sum(kpi.conversions)::bigint', 'conversions')
      .addSelect('sum(kpi.rejected)::bigint', 'rejected')
      .addSelect('sum(kpi.fraudRejected)::bigint', 'fraud_rejected')
      .addSelect('sum(kpi.rewardCostMinor)::bigint', 'reward_cost_minor')
      .addSelect('sum(kpi.revenueMinor)::bigint', 'revenue_minor')
      .where('kpi.day BETWEEN CAST(:from AS date) AND CAST(:to AS date)', { from: query.from, to: query.to })
      .groupBy('key')
      .orderBy('key');
    if (query.programId !== undefined) sums.andWhere('kpi.programId = :programId', { programId: query.programId });
    const rows =
      await sums.getRawMany<Record<'key' | 'clicks' | 'signups' | 'qualified' | 'conversions' | 'rejected' | 'fraud_rejected' | 'reward_cost_minor' | 'revenue_minor', string>>();
    return {
      programId: query.programId ?? null,
      from: query.from,
      to: query.to,
      groupBy: query.groupBy,
      rows: rows.map((row) => ({
        [query.groupBy]: row.key,
        clicks: Number(row.clicks),
        signups: Number(row.signups),
        qualified: Number(row.qualified),
        conversions: Number(row.conversions),
        rejected: Number(row.rejected),
        fraudRejected: Number(row.fraud_rejected),
        rewardCostMinor: Number(row.reward_cost_minor),
        revenueMinor: Number(row.revenue_minor),
      })),
    };
  }
}

import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import type { Pool } from 'pg';
import { POSTGRES_POOL, Roles } from '@referral-ledger/service-kit';

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
  constructor(@Inject(POSTGRES_POOL) private readonly pool: Pool) {}

  @Get()
  @ApiOkResponse({ type: KpiAnswer })
  async kpis(@Query() query: KpiQuery): Promise<KpiAnswer> {
    const key = query.groupBy === 'day' ? "to_char(day, 'YYYY-MM-DD')" : query.groupBy;
    const { rows } = await this.pool.query(
      `SELECT ${key} AS key, sum(clicks)::bigint AS clicks, sum(signups)::bigint AS signups, sum(qualified)::bigint AS qualified,
              sum(conversions)::bigint AS conversions, sum(rejected)::bigint AS rejected, sum(fraud_rejected)::bigint AS fraud_rejected,
              sum(reward_cost_minor)::bigint AS reward_cost_minor, sum(revenue_minor)::bigint AS revenue_minor
       FROM analytics.kpi_daily
       WHERE day BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR program_id = $3)
       GROUP BY 1 ORDER BY 1`,
      [query.from, query.to, query.programId ?? null],
    );
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

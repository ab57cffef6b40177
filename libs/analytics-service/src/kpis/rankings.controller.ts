import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { Pool } from 'pg';
import { POSTGRES_POOL, Roles } from '@referral-ledger/service-kit';

class LeaderboardQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() programId?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

class VariantsQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() programId?: string;
}

/** The best referrers and the A/B variants of incentives, from `analytics.leaderboard` and `analytics.variant_results`. */
@ApiTags('analytics')
@Roles('analyst', 'admin')
@Controller('v1/kpis')
export class RankingsController {
  constructor(@Inject(POSTGRES_POOL) private readonly pool: Pool) {}

  @Get('leaderboard')
  @ApiOperation({ summary: 'Referrers by conversions (then money rewards earned), per program, ranked' })
  async leaderboard(@Query() query: LeaderboardQuery) {
    const { rows } = await this.pool.query<{ program_id: string; customer_id: string; conversions: string; signups: string; rewards_earned_minor: string; rank: string }>(
      `SELECT * FROM analytics.leaderboard WHERE ($1::text IS NULL OR program_id = $1) AND rank <= $2 ORDER BY program_id, rank, customer_id`,
      [query.programId ?? null, query.limit ?? 20],
    );
    return {
      programId: query.programId ?? null,
      referrers: rows.map((row) => ({
        programId: row.program_id,
        customerId: row.customer_id,
        rank: Number(row.rank),
        conversions: Number(row.conversions),
        signups: Number(row.signups),
        rewardsEarnedMinor: Number(row.rewards_earned_minor),
      })),
    };
  }

  @Get('variants')
  @ApiOperation({ summary: 'Each variant of a program: referrers, signups, conversions and conversion rate, reward cost, revenue' })
  async variants(@Query() query: VariantsQuery) {
    const { rows } = await this.pool.query<{
      program_id: string;
      variant_id: string;
      referrers: string;
      signups: string;
      conversions: string;
      reward_cost_minor: string;
      revenue_minor: string;
    }>('SELECT * FROM analytics.variant_results WHERE ($1::text IS NULL OR program_id = $1) ORDER BY program_id, variant_id', [query.programId ?? null]);
    return {
      programId: query.programId ?? null,
      variants: rows.map((row) => ({
        programId: row.program_id,
        variantId: row.variant_id,
        referrers: Number(row.referrers),
        signups: Number(row.signups),
        conversions: Number(row.conversions),
        conversionRate: Number(row.signups) === 0 ? null : Math.round((10_000 * Number(row.conversions)) / Number(row.signups)) / 10_000,
        rewardCostMinor: Number(row.reward_cost_minor),
        revenueMinor: Number(row.revenue_minor),
      })),
    };
  }
}

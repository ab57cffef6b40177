import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThanOrEqual, type Repository } from 'typeorm';
import { Roles } from '@referral-ledger/service-kit';
import { VariantResults } from '../variants/variant-results-tables';
import { LeaderboardView } from './kpi-view-entities';

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
  constructor(
    @InjectRepository(LeaderboardView) private readonly leaderboardView: Repository<LeaderboardView>,
    @InjectRepository(VariantResults) private readonly variantResults: Repository<VariantResults>,
  ) {}

  @Get('leaderboard')
  @ApiOperation({ summary: 'Referrers by conversions (then money rewards earned), per program, ranked' })
  async leaderboard(@Query() query: LeaderboardQuery) {
    const rows = await this.leaderboardView.find({
      where: { programId: query.programId, rank: LessThanOrEqual(BigInt(query.limit ?? 20)) },
      order: { programId: 'ASC', rank: 'ASC', customerId: 'ASC' },
    });
    return {
      programId: query.programId ?? null,
      referrers: rows.map((row) => ({
        programId: row.programId,
        customerId: row.customerId,
        rank: Number(row.rank),
        conversions: Number(row.conversions),
        signups: Number(row.signups),
        rewardsEarnedMinor: Number(row.rewardsEarnedMinor),
      })),
    };
  }

  @Get('variants')
  @ApiOperation({ summary: 'Each variant of a program: referrers, signups, conversions and conversion rate, reward cost, revenue' })
  async variants(@Query() query: VariantsQuery) {
    const rows = await this.variantResults.find({ where: { programId: query.programId }, order: { programId: 'ASC', variantId: 'ASC' } });
    return {
      programId: query.programId ?? null,
      variants: rows.map((row) => ({
        programId: row.programId,
        variantId: row.variantId,
        referrers: Number(row.referrers),
        signups: Number(row.signups),
        conversions: Number(row.conversions),
        conversionRate: Number(row.signups) === 0 ? null : Math.round((10_000 * Number(row.conversions)) / Number(row.signups)) / 10_000,
        rewardCostMinor: Number(row.rewardCostMinor),
        revenueMinor: Number(row.revenueMinor),
      })),
    };
  }
}

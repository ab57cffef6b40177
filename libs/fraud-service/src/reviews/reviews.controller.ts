import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { REVIEW_DECISIONS, streamName } from '@referral-ledger/contracts';
import { handleCommand, type EventStore } from '@referral-ledger/event-store';
import { referralRiskDecider } from '@referral-ledger/fraud-domain';
import { CLOCK, Caller, CorrelationId, ErrorResponse, EVENT_STORE, Roles, type Clock } from '@referral-ledger/service-kit';
import { ReasonField } from '../decisions/reason-field';
import { FraudReferral } from '../facts/fraud-facts-tables';
import { FraudAssessmentRecord, FraudReview } from './fraud-assessment-tables';

const REVIEW_STATUSES = ['open', 'decided', 'closed'] as const;

class ReviewsQuery {
  @ApiPropertyOptional({ enum: REVIEW_STATUSES, description: 'open (default): waiting for a person; decided; closed: a later block settled it first' })
  @IsOptional()
  @IsIn(REVIEW_STATUSES)
  status?: (typeof REVIEW_STATUSES)[number];
}

class ReviewDecision {
  @ApiProperty({ enum: REVIEW_DECISIONS, description: 'clear releases the held rewards; block rejects the referral and reverses them' })
  @IsIn(REVIEW_DECISIONS)
  decision!: (typeof REVIEW_DECISIONS)[number];

  @ReasonField()
  reason!: string;
}

/** The review queue for people (DESIGN.md §5): reasons, facts, who is involved and what is held; decided once. */
@ApiTags('fraud')
@Roles('admin')
@Controller('v1/fraud')
export class ReviewsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectRepository(FraudReview) private readonly reviewsTable: Repository<FraudReview>,
    @InjectRepository(FraudAssessmentRecord) private readonly assessments: Repository<FraudAssessmentRecord>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('reviews')
  @ApiOperation({ summary: 'Referrals waiting for a reviewer (or decided, or closed), oldest first, with reasons, facts and the rewards they hold' })
  async reviews(@Query() query: ReviewsQuery) {
    const rows = await this.reviewsTable
      .createQueryBuilder('v')
      .leftJoin(FraudReferral, 'r', 'r.referralId = v.referralId')
      .select(['v.reviewId AS "reviewId"', 'v.referralId AS "referralId"', 'r.programId AS "programId"', 'r.referrerId AS "referrerId"', 'r.refereeId AS "refereeId"'])
      .addSelect(['v.status AS status', 'v.score AS score', 'v.reasons AS reasons', 'v.openedAt AS "openedAt"', 'v.decision AS decision'])
      .addSelect(['v.decisionReason AS "decisionReason"', 'v.decidedBy AS "decidedBy"', 'v.decidedAt AS "decidedAt"'])
      .addSelect(
        (latest) => latest.select('h.facts').from(FraudAssessmentRecord, 'h').where("h.referralId = v.referralId AND h.kind = 'assessed'").orderBy('h.seq', 'DESC').limit(1),
        'facts',
      )
      .addSelect(
        `coalesce((SELECT jsonb_agg(jsonb_build_object('unit', unit, 'amount', total) ORDER BY unit)
           FROM (SELECT unit, sum(amount)::bigint AS total FROM fraud.held_rewards h WHERE h.referral_id = v.referral_id AND h.status = 'pending' GROUP BY unit) held), '[]')`,
        'held',
      )
      .where('v.status = :status', { status: query.status ?? 'open' })
      .orderBy('v.openedAt')
      .addOrderBy('v.reviewId')
      .limit(500)
      .getRawMany();
    return { reviews: rows };
  }

  @Post('reviews/:reviewId/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decide an open review once: review.decided (who and when recorded)' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'no such review' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'the review was decided already, or a block closed it' })
  async decide(@Param('reviewId') reviewId: string, @Body() body: ReviewDecision, @Caller() reviewer: string, @CorrelationId() correlationId: string) {
    const now = this.clock();
    const { newEvents } = await handleCommand(
      this.store,
      streamName('risk', reviewId),
      referralRiskDecider,
      { type: 'DecideReview', data: { decision: body.decision, reason: body.reason, reviewer }, metadata: { now } },
      { correlationId, causationId: null, actor: reviewer, now },
    );
    return newEvents[0].data;
  }

  @Get('referrals/:referralId')
  @ApiOperation({ summary: "A referral's assessment history: every assessment, review opened and decision, in order" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'fraud has not assessed this referral' })
  async history(@Param('referralId') referralId: string) {
    const rows = await this.assessments.find({
      select: { kind: true, decision: true, score: true, reasons: true, rules: true, facts: true, actor: true, note: true, at: true },
      where: { referralId },
      order: { seq: 'ASC' },
    });
    if (rows.length === 0) throw new NotFoundException(`Fraud has not assessed referral ${referralId}`);
    return { referralId, assessments: rows };
  }
}

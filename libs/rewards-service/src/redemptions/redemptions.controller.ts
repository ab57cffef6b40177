import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import type { Pool } from 'pg';
import { deterministicEventId, handleCommand, type EventStore } from '@referral-ledger/event-store';
import { walletDecider, walletStream } from '@referral-ledger/rewards-domain';
import { releasedTo } from '../ledger/released-balance';
import { CLOCK, Caller, CorrelationId, ErrorResponse, EVENT_STORE, POSTGRES_POOL, Roles, type Clock } from '@referral-ledger/service-kit';

class RedemptionRequest {
  @ApiProperty({ example: 'EUR', description: 'the ledger unit: a currency, or months, hours, points…' }) @IsString() @Length(1, 100) unit!: string;
  @ApiProperty({ minimum: 1, description: 'integer minor units (or whole units)' }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amount!: number;
  @ApiProperty({ description: 'what it pays for in your system (an invoice id): the same reference again is the same redemption' })
  @IsString()
  @Length(1, 200)
  reference!: string;
}

/** Customers spend what their rewards made available (DESIGN.md §5: Dr available / Cr redeemed). */
@ApiTags('customers')
@Roles('integration')
@Controller('v1/customers/:customerId/redemptions')
export class RedemptionsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(POSTGRES_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Never below zero, even under concurrent requests: redemptions of one customer and unit append to one stream
   * with optimistic concurrency, each decided against what the others redeemed before it.
   */
  @Post()
  @ApiOperation({ summary: "Redeem part of a customer's available balance; answers with the journal entry" })
  @ApiConflictResponse({ type: ErrorResponse, description: 'more than is available: the message says how much is' })
  async redeem(@Param('customerId') customerId: string, @Body() body: RedemptionRequest, @Caller() by: string, @CorrelationId() correlationId: string) {
    const now = this.clock();
    const redemptionId = deterministicEventId('redemption', customerId, body.unit, body.reference);
    const released = await releasedTo(this.pool, customerId, body.unit);
    const { state } = await handleCommand(
      this.store,
      walletStream(customerId, body.unit),
      walletDecider,
      { type: 'Redeem', data: { redemptionId, customerId, unit: body.unit, amount: body.amount, reference: body.reference, released }, metadata: { now } },
      { correlationId, causationId: null, actor: by, now },
    );
    return state.byReference[body.reference];
  }
}

import { Body, ConflictException, Controller, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import type { Pool } from 'pg';
import { streamName } from '@referral-ledger/contracts';
import { handleCommand, readState, type EventStore } from '@referral-ledger/event-store';
import { isMoneyKind, rewardDecider, walletDecider, walletStream } from '@referral-ledger/rewards-domain';
import { CLOCK, Caller, CorrelationId, ErrorResponse, EVENT_STORE, POSTGRES_POOL, Roles, type Clock } from '@referral-ledger/service-kit';
import { releasedTo } from '../ledger/released-balance';

class FulfilmentRequest {
  @ApiPropertyOptional({ description: 'where it was applied in your system (a subscription change, a voucher id); defaults to the reward id' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reference?: string;
}

/** Non-money rewards are done when the integrator has applied them (DESIGN.md §5, issue 9): available → redeemed. */
@ApiTags('rewards')
@Roles('integration')
@Controller('v1/rewards/:rewardId/fulfilment')
export class FulfilmentController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(POSTGRES_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Once per reward: asking again answers with the same fulfilment. It shares the customer's wallet stream with redemptions, so available never goes negative. */
  @Post()
  @ApiOperation({ summary: 'Confirm that a released non-money reward was applied (free months, hours, a voucher, a feature, points): reward.fulfilled' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'no such reward' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'the reward is not available (pending, reversed, withheld), or it is money (redeem it instead)' })
  async fulfil(@Param('rewardId') rewardId: string, @Body() body: FulfilmentRequest, @Caller() by: string, @CorrelationId() correlationId: string) {
    const reward = await readState(this.store, streamName('reward', rewardId), rewardDecider);
    if (reward.status === 'none') throw new NotFoundException(`No reward ${rewardId}`);
    if (reward.status !== 'released') throw new ConflictException(`Reward ${rewardId} is ${reward.status}: only an available reward can be fulfilled`);
    const { beneficiaryId: customerId, kind, unit, amount } = reward.grant;
    if (isMoneyKind(kind)) throw new ConflictException(`Reward ${rewardId} is money (${kind}): redeem it with POST /v1/customers/${customerId}/redemptions`);
    const now = this.clock();
    const { state } = await handleCommand(
      this.store,
      walletStream(customerId, unit),
      walletDecider,
      {
        type: 'Fulfil',
        data: { rewardId, customerId, unit, amount, reference: body.reference ?? rewardId, released: await releasedTo(this.pool, customerId, unit) },
        metadata: { now },
      },
      { correlationId, causationId: null, actor: by, now },
    );
    return state.byReward[rewardId];
  }
}

import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { handleCommand, type EventStore } from '@referral-ledger/event-store';
import { customerBanDecider, customerBanStream } from '@referral-ledger/fraud-domain';
import { CLOCK, Caller, CorrelationId, EVENT_STORE, Roles, type Clock } from '@referral-ledger/service-kit';
import { ReasonField } from '../decisions/reason-field';

class BanRequest {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  customerId!: string;

  @ReasonField()
  reason!: string;
}

/** Bans (DESIGN.md §5): rewards voids the customer's pending rewards, attribution rejects their future referrals. */
@ApiTags('fraud')
@Roles('admin')
@Controller('v1/fraud/bans')
export class BansController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Ban a customer: customer.banned, once (banning again answers with the first ban)' })
  async ban(@Body() body: BanRequest, @Caller() by: string, @CorrelationId() correlationId: string) {
    const now = this.clock();
    const { state } = await handleCommand(
      this.store,
      customerBanStream(body.customerId),
      customerBanDecider,
      { type: 'BanCustomer', data: { customerId: body.customerId, reason: body.reason, bannedBy: by }, metadata: { now } },
      { correlationId, causationId: null, actor: by, now },
    );
    if (!state.banned) throw new Error(`customer ${body.customerId} was not banned`);
    return state.ban;
  }
}

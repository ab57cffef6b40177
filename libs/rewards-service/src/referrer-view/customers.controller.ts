import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentReferrer, ReferrerRoute, Roles, parseInstant, type ReferrerIdentity } from '@referral-ledger/service-kit';
import { ReferrerViewQueries } from './referrer-view-queries';

/** A customer's referrals and balance, for integrators. */
@ApiTags('customers')
@Roles('admin', 'integration')
@Controller('v1/customers/:customerId')
export class CustomersController {
  constructor(private readonly queries: ReferrerViewQueries) {}

  @Get('referrals')
  async referrals(@Param('customerId') customerId: string) {
    return { customerId, referrals: await this.queries.referralsOf(customerId) };
  }

  /** Per unit, and per program that made it; exact as of any past instant (`asOf`, ISO 8601), from the ledger. */
  @Get('balance')
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 instant; default now' })
  async balance(@Param('customerId') customerId: string, @Query('asOf') asOf?: string) {
    const at = asOf ? parseInstant('asOf', asOf) : undefined;
    return { customerId, ...(at ? { asOf: at.toISOString() } : {}), ...(await this.queries.balanceOf(customerId, at)) };
  }

  /** Every reward of the customer, whatever produced it, with its status and origin. */
  @Get('rewards')
  async rewards(@Param('customerId') customerId: string) {
    return { customerId, rewards: await this.queries.rewardsOf(customerId) };
  }
}

/** The same, for the referrer holding a referrer token, and only their own. */
@ApiTags('referrer')
@Controller('v1/me')
export class MeController {
  constructor(private readonly queries: ReferrerViewQueries) {}

  @ReferrerRoute()
  @Get('referrals')
  async referrals(@CurrentReferrer() me: ReferrerIdentity) {
    return { customerId: me.customerId, programId: me.programId, referrals: await this.queries.referralsOf(me.customerId, me.programId) };
  }

  @ReferrerRoute()
  @Get('balance')
  async balance(@CurrentReferrer() me: ReferrerIdentity) {
    return { customerId: me.customerId, programId: me.programId, balances: await this.queries.programBalanceOf(me.customerId, me.programId) };
  }
}

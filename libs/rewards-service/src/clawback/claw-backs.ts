import type { Pool } from 'pg';
import type { RewardGrantedData, RewardReleasedData } from '@referral-ledger/contracts';
import { handleCommand, readState, type CommandContext, type EventStore } from '@referral-ledger/event-store';
import { walletDecider, walletStream, type ReversalReason } from '@referral-ledger/rewards-domain';
import { releasedTo } from '../ledger/released-balance';

/**
 * Claw-back (issue 9): a released reward taken back goes through the customer's wallet stream, like redemptions,
 * so available never goes below zero; what was already spent is owed and settled from rewards released later.
 */
export class ClawBacks {
  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
  ) {}

  async takeBack(grant: RewardGrantedData, reason: ReversalReason, context: CommandContext): Promise<void> {
    const { rewardId, referralId, programId, beneficiaryId: customerId, unit, amount } = grant;
    const released = await releasedTo(this.pool, customerId, unit, { entryId: `${rewardId}:release`, amount });
    await handleCommand(
      this.store,
      walletStream(customerId, unit),
      walletDecider,
      { type: 'ClawBack', data: { rewardId, referralId, programId, customerId, unit, amount, reason, released }, metadata: context },
      { ...context, causationId: `${context.causationId}:ClawBack:${rewardId}` },
    );
  }

  /** After a release: whatever the customer owes in that unit is settled from it first. Costs one read for everyone else. */
  async settleFrom(release: RewardReleasedData, context: CommandContext): Promise<void> {
    const { beneficiaryId: customerId, unit, amount, entry } = release;
    const wallet = await readState(this.store, walletStream(customerId, unit), walletDecider);
    if (wallet.owed === 0) return;
    const released = await releasedTo(this.pool, customerId, unit, { entryId: entry.entryId, amount });
    await handleCommand(
      this.store,
      walletStream(customerId, unit),
      walletDecider,
      { type: 'SettleDebt', data: { customerId, unit, released }, metadata: context },
      { ...context, causationId: `${context.causationId}:SettleDebt:${release.rewardId}` },
    );
  }
}

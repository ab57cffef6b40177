import { streamName, type RewardReleasedData } from '@referral-ledger/contracts';
import { deterministicEventId, handleCommand, readState, type CommandContext, type EventStore } from '@referral-ledger/event-store';
import { programDecider, referrerProgressDecider, referrerProgressStream, rewardDecider, valueOf, type RewardCommand } from '@referral-ledger/rewards-domain';
import type { ClawBacks } from '../clawback/claw-backs';
import type { ProgramLimits } from './program-limits';
import { voucherCodeFor } from './voucher-codes';

/** A milestone's reward for one referrer: its id follows from them, so it is granted once. */
export function milestoneRewardIdOf(programId: string, referrerId: string, conversions: number): string {
  return deterministicEventId('reward', 'milestone', programId, referrerId, String(conversions));
}

/**
 * Milestones (DESIGN.md §5): every released referrer reward counts one conversion (once the program has milestones); reaching a milestone of the
 * program's current rules grants its reward through the ledger, within the budget, available at once (the
 * conversions behind it were each held and cleared already).
 */
export class MilestoneRewards {
  constructor(
    private readonly store: EventStore,
    private readonly limits: ProgramLimits,
    private readonly clawBacks: ClawBacks,
  ) {}

  async counted(released: RewardReleasedData, context: CommandContext): Promise<void> {
    const { programId, beneficiaryId: referrerId, referralId } = released;
    const program = await readState(this.store, streamName('program', programId), programDecider);
    // Conversions count from the first version with milestones on; other programs append nothing for them.
    if (program.status === 'none' || !Object.values(program.versions).some((version) => version.milestones?.length)) return;
    const rules = program.versions[program.version];
    const milestones = rules.milestones ?? [];
    const { newEvents } = await handleCommand(
      this.store,
      referrerProgressStream(programId, referrerId),
      referrerProgressDecider,
      {
        type: 'CountConversion',
        data: {
          programId,
          referrerId,
          referralId,
          milestones: milestones.map(({ conversions }) => ({ conversions, rewardId: milestoneRewardIdOf(programId, referrerId, conversions) })),
        },
        metadata: context,
      },
      { ...context, causationId: `${context.causationId}:CountConversion` },
    );
    for (const event of newEvents) {
      if (event.type !== 'milestone.reached') continue;
      const spec = milestones.find((milestone) => milestone.conversions === event.data.conversions)?.reward;
      const value = spec && valueOf(spec, program.currency, null);
      if (!spec || !value) continue;
      const reward = { rewardId: event.data.rewardId, referralId, programId, beneficiaryId: referrerId, role: 'milestone' as const, kind: spec.kind };
      const refused = await this.limits.take({ ...reward, ...value, perReferrer: undefined, budget: rules.caps?.budget }, context);
      if (refused) {
        await this.onReward(
          reward.rewardId,
          { type: 'WithholdReward', data: { ...reward, reason: refused, detail: `the program's ${value.unit} budget is spent` }, metadata: context },
          context,
        );
        continue;
      }
      await this.onReward(
        reward.rewardId,
        { type: 'GrantReward', data: { ...reward, ...value, holdDays: 0, variantId: null, voucherCode: voucherCodeFor(spec) }, metadata: context },
        context,
      );
      const released = await this.onReward(reward.rewardId, { type: 'ReleaseReward', data: { fraudDecision: 'clear' }, metadata: context }, context);
      for (const release of released) if (release.type === 'reward.released') await this.clawBacks.settleFrom(release.data, context);
    }
  }

  private async onReward(rewardId: string, command: RewardCommand, context: CommandContext) {
    const { newEvents } = await handleCommand(this.store, streamName('reward', rewardId), rewardDecider, command, {
      ...context,
      causationId: `${context.causationId}:${command.type}:${rewardId}`,
    });
    return newEvents;
  }
}

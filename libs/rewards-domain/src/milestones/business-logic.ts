import { canHandle, type Command } from '@referral-ledger/decider';
import { evolve, initialProgress, type ProgressEvent, type ReferrerProgress } from './referrer-progress';

/** The program's milestones as they stand, each with the id its reward will have for this referrer. */
export type CountConversion = Command<
  'CountConversion',
  { programId: string; referrerId: string; referralId: string; milestones: ReadonlyArray<{ conversions: number; rewardId: string }> }
>;

/**
 * Counts a conversion once, and reaches every milestone the count now covers that was not reached before: a
 * milestone added to the rules later is reached at the referrer's next conversion if they already have the count.
 */
export function countConversion(command: CountConversion, state: ReferrerProgress): ProgressEvent[] {
  const { programId, referrerId, referralId, milestones } = command.data;
  if (state.counted[referralId]) return [];
  const at = command.metadata.now.toISOString();
  const conversions = state.conversions + 1;
  return [
    { type: 'conversion.counted', data: { programId, referrerId, referralId, countedAt: at } },
    ...milestones
      .filter((milestone) => milestone.conversions <= conversions && !state.reached[milestone.conversions])
      .map(({ conversions, rewardId }): ProgressEvent => ({ type: 'milestone.reached', data: { programId, referrerId, conversions, referralId, rewardId, reachedAt: at } })),
  ];
}

export const referrerProgressDecider = {
  decide: countConversion,
  evolve,
  initialState: initialProgress,
  canHandle: canHandle<ProgressEvent>({ 'conversion.counted': true, 'milestone.reached': true }),
};

import { DeciderSpecification } from '@referral-ledger/decider';
import { referrerProgressDecider, type CountConversion } from './business-logic';
import type { ProgressEvent } from './referrer-progress';

const { given } = DeciderSpecification(referrerProgressDecider);
const at = '2026-06-01T10:00:00.000Z';
const milestones = [
  { conversions: 3, rewardId: 'm3' },
  { conversions: 10, rewardId: 'm10' },
];
const count = (referralId: string, standing = milestones): CountConversion => ({
  type: 'CountConversion',
  data: { programId: 'p1', referrerId: 'ada', referralId, milestones: standing },
  metadata: { now: new Date(at) },
});
const counted = (referralId: string): ProgressEvent => ({ type: 'conversion.counted', data: { programId: 'p1', referrerId: 'ada', referralId, countedAt: at } });
const reached = (conversions: number, referralId: string): ProgressEvent => ({
  type: 'milestone.reached',
  data: { programId: 'p1', referrerId: 'ada', conversions, referralId, rewardId: `m${conversions}`, reachedAt: at },
});

describe("a referrer's progress towards the milestones", () => {
  it('counts a released conversion', () =>
    given([])
      .when(count('r1'))
      .then([counted('r1')]));

  it('reaches a milestone at its count, with the conversion that reached it', () =>
    given([counted('r1'), counted('r2')])
      .when(count('r3'))
      .then([counted('r3'), reached(3, 'r3')]));

  it('reaches each milestone once', () =>
    given([counted('r1'), counted('r2'), counted('r3'), reached(3, 'r3')])
      .when(count('r4'))
      .then([counted('r4')]));

  it('counts a conversion once, whatever is redelivered', () =>
    given([counted('r1')])
      .when(count('r1'))
      .thenNothingHappens());

  it('reaches a milestone added later at the next conversion, when the count is already there', () =>
    given([counted('r1'), counted('r2'), counted('r3')])
      .when(count('r4', [{ conversions: 2, rewardId: 'm2' }, ...milestones]))
      .then([counted('r4'), reached(2, 'r4'), reached(3, 'r4')]));
});

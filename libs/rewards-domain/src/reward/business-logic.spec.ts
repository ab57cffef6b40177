import { DeciderSpecification, IllegalStateError } from '@referral-ledger/decider';
import { UnbalancedEntryError } from '../ledger/journal-entry';
import { rewardDecider, type GrantReward, type WithholdReward } from './business-logic';
import type { RewardGranted, RewardWithheld } from './reward';

const given = DeciderSpecification(rewardDecider).given;
const grantedAt = '2026-03-20T10:00:00.000Z';
const at = (iso: string) => ({ now: new Date(iso) });

const grantCommand = (overrides: Partial<GrantReward['data']> = {}): GrantReward => ({
  type: 'GrantReward',
  data: {
    rewardId: 'rw-1',
    referralId: 'ref-1',
    programId: 'p1',
    beneficiaryId: 'alice',
    role: 'referrer',
    kind: 'credit',
    unit: 'EUR',
    amount: 5_000,
    holdDays: 14,
    variantId: null,
    voucherCode: null,
    ...overrides,
  },
  metadata: at(grantedAt),
});

const granted: RewardGranted = {
  type: 'reward.granted',
  data: {
    rewardId: 'rw-1',
    referralId: 'ref-1',
    programId: 'p1',
    beneficiaryId: 'alice',
    role: 'referrer',
    kind: 'credit',
    variantId: null,
    voucherCode: null,
    unit: 'EUR',
    amount: 5_000,
    releasableAt: '2026-04-03T10:00:00.000Z',
    entry: {
      entryId: 'rw-1:grant',
      kind: 'grant',
      reference: 'rw-1',
      bookedAt: grantedAt,
      reverses: null,
      postings: [
        { account: 'program:p1:expense:EUR', unit: 'EUR', amount: 5_000 },
        { account: 'customer:alice:pending:EUR', unit: 'EUR', amount: -5_000 },
      ],
    },
    grantedAt,
  },
};

const released = {
  type: 'reward.released' as const,
  data: {
    rewardId: 'rw-1',
    referralId: 'ref-1',
    programId: 'p1',
    beneficiaryId: 'alice',
    unit: 'EUR',
    amount: 5_000,
    releasedAt: '2026-04-03T10:00:00.000Z',
    entry: {
      entryId: 'rw-1:release',
      kind: 'release' as const,
      reference: 'rw-1',
      bookedAt: '2026-04-03T10:00:00.000Z',
      reverses: null,
      postings: [
        { account: 'customer:alice:pending:EUR', unit: 'EUR', amount: 5_000 },
        { account: 'customer:alice:available:EUR', unit: 'EUR', amount: -5_000 },
      ],
    },
  },
};

describe('a reward', () => {
  it('is granted as pending: Dr program expense / Cr beneficiary pending, releasable after the hold', () => given([]).when(grantCommand()).then([granted]));

  it('is granted once, whatever is redelivered', () => given([granted]).when(grantCommand()).thenNothingHappens());

  it('cannot be granted with a fractional amount', () =>
    given([])
      .when(grantCommand({ amount: 49.99 }))
      .thenThrows(UnbalancedEntryError));

  it('with no hold is releasable at once', () =>
    given([])
      .when(grantCommand({ holdDays: 0 }))
      .then([{ ...granted, data: { ...granted.data, releasableAt: grantedAt } }]));

  describe('is released to available', () => {
    it('once the hold is over and fraud screening said clear', () =>
      given([granted])
        .when({ type: 'ReleaseReward', data: { fraudDecision: 'clear' }, metadata: at('2026-04-03T10:00:00Z') })
        .then([released]));

    it('not before the hold is over', () =>
      given([granted])
        .when({ type: 'ReleaseReward', data: { fraudDecision: 'clear' }, metadata: at('2026-04-03T09:59:59Z') })
        .thenNothingHappens());

    it.each(['review', 'block', null] as const)('not while fraud screening says %s', (fraudDecision) =>
      given([granted])
        .when({ type: 'ReleaseReward', data: { fraudDecision }, metadata: at('2026-05-01T00:00:00Z') })
        .thenNothingHappens(),
    );

    it('only once', () =>
      given([granted, released])
        .when({ type: 'ReleaseReward', data: { fraudDecision: 'clear' }, metadata: at('2026-05-01T00:00:00Z') })
        .thenNothingHappens());
  });

  describe('is reversed', () => {
    it('while pending, with the exact opposite of its grant', () =>
      given([granted])
        .when({ type: 'ReverseReward', data: { reason: 'referral_cancelled' }, metadata: at('2026-03-25T10:00:00Z') })
        .then([
          {
            type: 'reward.reversed',
            data: {
              rewardId: 'rw-1',
              referralId: 'ref-1',
              programId: 'p1',
              beneficiaryId: 'alice',
              unit: 'EUR',
              amount: 5_000,
              reason: 'referral_cancelled',
              reversedAt: '2026-03-25T10:00:00.000Z',
              entry: {
                entryId: 'rw-1:reversal',
                kind: 'reversal',
                reference: 'rw-1',
                bookedAt: '2026-03-25T10:00:00.000Z',
                reverses: 'rw-1:grant',
                postings: [
                  { account: 'program:p1:expense:EUR', unit: 'EUR', amount: -5_000 },
                  { account: 'customer:alice:pending:EUR', unit: 'EUR', amount: 5_000 },
                ],
              },
            },
          },
        ]));

    it('not once released: a posted transfer is final', () =>
      given([granted, released])
        .when({ type: 'ReverseReward', data: { reason: 'referral_rejected' }, metadata: at('2026-05-01T00:00:00Z') })
        .thenNothingHappens());

    it('and then can no longer be released', () =>
      given([
        granted,
        {
          type: 'reward.reversed',
          data: {
            rewardId: 'rw-1',
            referralId: 'ref-1',
            programId: 'p1',
            beneficiaryId: 'alice',
            unit: 'EUR',
            amount: 5_000,
            reason: 'customer_banned',
            entry: granted.data.entry,
            reversedAt: grantedAt,
          },
        },
      ])
        .when({ type: 'ReleaseReward', data: { fraudDecision: 'clear' }, metadata: at('2026-05-01T00:00:00Z') })
        .thenNothingHappens());
  });

  it('that does not exist cannot be released', () =>
    given([])
      .when({ type: 'ReleaseReward', data: { fraudDecision: 'clear' }, metadata: at('2026-05-01T00:00:00Z') })
      .thenThrows(IllegalStateError, 'There is no such reward'));

  describe('is withheld when the conversion cannot be rewarded as the program stands', () => {
    const withholdCommand: WithholdReward = {
      type: 'WithholdReward',
      data: {
        rewardId: 'rw-1',
        referralId: 'ref-1',
        programId: 'p1',
        beneficiaryId: 'alice',
        role: 'referrer',
        kind: 'credit',
        reason: 'currency_mismatch',
        detail: 'paid in USD, the program pays in EUR',
      },
      metadata: at(grantedAt),
    };
    const withheld: RewardWithheld = { type: 'reward.withheld', data: { ...withholdCommand.data, withheldAt: grantedAt } };

    it('with its reason, booking nothing', () => given([]).when(withholdCommand).then([withheld]));

    it('once, whatever is redelivered', () => given([withheld]).when(withholdCommand).thenNothingHappens());

    it('never over a reward already granted', () => given([granted]).when(withholdCommand).thenNothingHappens());

    it('and is then neither released nor reversed', () => {
      given([withheld])
        .when({ type: 'ReleaseReward', data: { fraudDecision: 'clear' }, metadata: at('2026-05-01T00:00:00Z') })
        .thenNothingHappens();
      given([withheld])
        .when({ type: 'ReverseReward', data: { reason: 'referral_cancelled' }, metadata: at('2026-05-01T00:00:00Z') })
        .thenNothingHappens();
    });
  });
});

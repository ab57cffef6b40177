import { DeciderSpecification, IllegalStateError } from '@referral-ledger/decider';
import { assertBalanced } from '../ledger/journal-entry';
import {
  InsufficientBalanceError,
  walletDecider,
  type ClawBack,
  type ClawbackRecovered,
  type Fulfil,
  type Redeem,
  type RewardClawedBack,
  type RewardRedeemed,
  type SettleDebt,
} from './wallet';

const given = DeciderSpecification(walletDecider).given;
const at = '2026-06-01T10:00:00.000Z';
const metadata = { now: new Date(at) };
const balance = (released: number) => ({ customerId: 'alice', unit: 'EUR', released });

const clawBack = (rewardId: string, amount: number, released: number): ClawBack => ({
  type: 'ClawBack',
  data: { ...balance(released), rewardId, referralId: `ref-${rewardId}`, programId: 'p1', amount, reason: 'referral_cancelled' },
  metadata,
});
const clawedBack = (rewardId: string, amount: number, fromAvailable: number): RewardClawedBack => {
  const owed = amount - fromAvailable;
  return {
    type: 'reward.clawed_back',
    data: {
      rewardId,
      referralId: `ref-${rewardId}`,
      programId: 'p1',
      customerId: 'alice',
      unit: 'EUR',
      amount,
      fromAvailable,
      owed,
      reason: 'referral_cancelled',
      clawedBackAt: at,
      entry: {
        entryId: `${rewardId}:clawback`,
        kind: 'clawback',
        reference: rewardId,
        bookedAt: at,
        reverses: null,
        postings: [
          { account: 'program:p1:expense:EUR', unit: 'EUR', amount: -amount },
          ...(fromAvailable > 0 ? [{ account: 'customer:alice:available:EUR', unit: 'EUR', amount: fromAvailable }] : []),
          ...(owed > 0 ? [{ account: 'customer:alice:clawback:EUR', unit: 'EUR', amount: owed }] : []),
        ],
      },
    },
  };
};
const recovered = (amount: number, sequence = 1): ClawbackRecovered => ({
  type: 'clawback.recovered',
  data: {
    customerId: 'alice',
    unit: 'EUR',
    amount,
    recoveredAt: at,
    entry: {
      entryId: `wallet-alice:EUR:recovery:${sequence}`,
      kind: 'recovery',
      reference: `wallet-alice:EUR:recovery:${sequence}`,
      bookedAt: at,
      reverses: null,
      postings: [
        { account: 'customer:alice:available:EUR', unit: 'EUR', amount },
        { account: 'customer:alice:clawback:EUR', unit: 'EUR', amount: -amount },
      ],
    },
  },
});
const redeemed = (amount: number): RewardRedeemed => ({
  type: 'reward.redeemed',
  data: {
    redemptionId: 'rd-inv-1',
    customerId: 'alice',
    unit: 'EUR',
    amount,
    reference: 'inv-1',
    redeemedAt: at,
    entry: {
      entryId: 'rd-inv-1:redeem',
      kind: 'redeem',
      reference: 'rd-inv-1',
      bookedAt: at,
      reverses: null,
      postings: [
        { account: 'customer:alice:available:EUR', unit: 'EUR', amount },
        { account: 'customer:alice:redeemed:EUR', unit: 'EUR', amount: -amount },
      ],
    },
  },
});
const redeem = (amount: number, released: number, reference = 'inv-2'): Redeem => ({
  type: 'Redeem',
  data: { ...balance(released), redemptionId: `rd-${reference}`, amount, reference },
  metadata,
});
const settle = (released: number): SettleDebt => ({ type: 'SettleDebt', data: balance(released), metadata });

describe('a claw-back of a released reward', () => {
  it('takes it back from available while it is still there: Dr available / Cr expense', () =>
    given([])
      .when(clawBack('rw-1', 1_000, 1_000))
      .then([clawedBack('rw-1', 1_000, 1_000)]));

  it('keeps what was already redeemed as a debt: Dr clawback for it, and available stays at zero', () =>
    given([redeemed(700)])
      .when(clawBack('rw-1', 1_000, 1_000))
      .then([clawedBack('rw-1', 1_000, 300)]));

  it('owes all of it when nothing is left', () =>
    given([redeemed(1_000)])
      .when(clawBack('rw-1', 1_000, 1_000))
      .then([clawedBack('rw-1', 1_000, 0)]));

  it('happens once per reward, whatever is redelivered', () =>
    given([clawedBack('rw-1', 1_000, 1_000)])
      .when(clawBack('rw-1', 1_000, 1_000))
      .thenNothingHappens());

  it('books a balanced entry', () => {
    const [event] = walletDecider.decide(clawBack('rw-1', 1_000, 1_000), walletDecider.evolve(walletDecider.initialState(), redeemed(400)));
    expect(() => assertBalanced(event.data.entry)).not.toThrow();
  });
});

describe('a claw-back debt', () => {
  const owing = [redeemed(1_000), clawedBack('rw-1', 1_000, 0)];

  it('is settled from rewards released later: Dr available / Cr clawback', () =>
    given(owing)
      .when(settle(1_000 + 400))
      .then([recovered(400)]));

  it('is settled up to what it is, the rest stays available', () =>
    given(owing)
      .when(settle(1_000 + 2_500))
      .then([recovered(1_000)]));

  it('leaves nothing to settle once paid, and numbers each settlement', () => {
    given([...owing, recovered(1_000)])
      .when(settle(5_000))
      .thenNothingHappens();
    given([...owing, recovered(400)])
      .when(settle(1_000 + 1_000))
      .then([recovered(600, 2)]);
  });

  it('comes first when the customer redeems: what is owed is never spent', () => {
    given(owing)
      .when(redeem(300, 1_000 + 1_000))
      .thenThrows(InsufficientBalanceError, 'Only 0 EUR available');
    given(owing)
      .when(redeem(500, 1_000 + 1_500))
      .then([
        recovered(1_000),
        {
          ...redeemed(500),
          data: { ...redeemed(500).data, redemptionId: 'rd-inv-2', reference: 'inv-2', entry: { ...redeemed(500).data.entry, entryId: 'rd-inv-2:redeem', reference: 'rd-inv-2' } },
        },
      ]);
  });

  it('means a reward taken back cannot be fulfilled', () => {
    const fulfil: Fulfil = { type: 'Fulfil', data: { ...balance(1_000), rewardId: 'rw-1', amount: 1_000, reference: 'crm-1' }, metadata };
    given([clawedBack('rw-1', 1_000, 1_000)])
      .when(fulfil)
      .thenThrows(IllegalStateError, 'Reward rw-1 was clawed back');
  });
});

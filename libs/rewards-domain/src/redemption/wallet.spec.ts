import { DeciderSpecification, InvalidInputError } from '@referral-ledger/decider';
import { InsufficientBalanceError, walletDecider, type Fulfil, type Redeem, type RewardFulfilled, type RewardRedeemed } from './wallet';

const given = DeciderSpecification(walletDecider).given;
const redeem = (amount: number, reference: string, released = 10_000): Redeem => ({
  type: 'Redeem',
  data: { redemptionId: `rd-${reference}`, customerId: 'alice', unit: 'EUR', amount, reference, released },
  metadata: { now: new Date('2026-04-01T10:00:00Z') },
});
const redeemed = (amount: number, reference: string): RewardRedeemed => ({
  type: 'reward.redeemed',
  data: {
    redemptionId: `rd-${reference}`,
    customerId: 'alice',
    unit: 'EUR',
    amount,
    reference,
    redeemedAt: '2026-04-01T10:00:00.000Z',
    entry: {
      entryId: `rd-${reference}:redeem`,
      kind: 'redeem',
      reference: `rd-${reference}`,
      bookedAt: '2026-04-01T10:00:00.000Z',
      reverses: null,
      postings: [
        { account: 'customer:alice:available:EUR', unit: 'EUR', amount },
        { account: 'customer:alice:redeemed:EUR', unit: 'EUR', amount: -amount },
      ],
    },
  },
});

describe('a redemption', () => {
  it('moves available to redeemed: Dr available / Cr redeemed', () =>
    given([])
      .when(redeem(4_000, 'inv-1'))
      .then([redeemed(4_000, 'inv-1')]));

  it('may take the whole available balance', () =>
    given([redeemed(4_000, 'inv-1')])
      .when(redeem(6_000, 'inv-2'))
      .then([redeemed(6_000, 'inv-2')]));

  it('never takes available below zero, and says what is available', () => {
    given([redeemed(4_000, 'inv-1')])
      .when(redeem(6_001, 'inv-2'))
      .thenThrows(InsufficientBalanceError, 'Only 6000 EUR available');
    given([])
      .when(redeem(1, 'inv-1', 0))
      .thenThrows(InsufficientBalanceError, 'Only 0 EUR available');
  });

  it('is made once per reference, whatever is sent again', () =>
    given([redeemed(4_000, 'inv-1')])
      .when(redeem(4_000, 'inv-1'))
      .thenNothingHappens());

  it('is a whole positive amount', () => {
    given([]).when(redeem(0, 'inv-1')).thenThrows(InvalidInputError, 'amount must be a whole number of at least 1');
    given([]).when(redeem(12.5, 'inv-1')).thenThrows(InvalidInputError);
  });
});

describe('a fulfilment of a non-money reward', () => {
  const at = '2026-04-01T10:00:00.000Z';
  const fulfil = (rewardId: string, amount: number, released: number): Fulfil => ({
    type: 'Fulfil',
    data: { rewardId, customerId: 'alice', unit: 'months', amount, reference: `crm-${rewardId}`, released },
    metadata: { now: new Date(at) },
  });
  const fulfilled = (rewardId: string, amount: number): RewardFulfilled => ({
    type: 'reward.fulfilled',
    data: {
      rewardId,
      customerId: 'alice',
      unit: 'months',
      amount,
      reference: `crm-${rewardId}`,
      fulfilledAt: at,
      entry: {
        entryId: `${rewardId}:redeem`,
        kind: 'redeem',
        reference: rewardId,
        bookedAt: at,
        reverses: null,
        postings: [
          { account: 'customer:alice:available:months', unit: 'months', amount },
          { account: 'customer:alice:redeemed:months', unit: 'months', amount: -amount },
        ],
      },
    },
  });

  it('moves the whole reward from available to redeemed', () =>
    given([])
      .when(fulfil('rw-1', 2, 3))
      .then([fulfilled('rw-1', 2)]));

  it('happens once per reward', () =>
    given([fulfilled('rw-1', 2)])
      .when(fulfil('rw-1', 2, 3))
      .thenNothingHappens());

  it('shares the available balance with redemptions: never below zero', () =>
    given([fulfilled('rw-1', 2)])
      .when(fulfil('rw-2', 2, 3))
      .thenThrows(InsufficientBalanceError, 'Only 1 months available'));
});

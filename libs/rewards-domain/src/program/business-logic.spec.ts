import { DeciderSpecification, IllegalStateError } from '@referral-ledger/decider';
import { programDecider, type CreateProgram } from './business-logic';
import type { ProgramCreated, ProgramEvent } from './program';
import { InvalidProgramError, rewardsFor, valueOf, type ProgramRules } from './program-rules';
import { versionHistory } from './version-history';

const given = DeciderSpecification(programDecider).given;
const now = { now: new Date('2026-03-01T08:00:00Z') };
const rules: ProgramRules = {
  attribution: { windowDays: 30, model: 'last_touch' },
  trigger: 'first_payment',
  holdDays: 14,
  referrerReward: { kind: 'credit', amount: 10_000 },
  refereeReward: { kind: 'credit', amount: 5_000 },
  secondLevelReward: null,
};
const create = (changed: Partial<ProgramRules> = {}): CreateProgram => ({
  type: 'CreateProgram',
  data: { programId: 'p1', name: 'Partners 2026', landingUrl: 'https://example.com/pricing', currency: 'EUR', rules: { ...rules, ...changed }, by: 'admin:0a1b2c3d' },
  metadata: now,
});
const created: ProgramCreated = {
  type: 'program.created',
  data: {
    programId: 'p1',
    name: 'Partners 2026',
    landingUrl: 'https://example.com/pricing',
    currency: 'EUR',
    version: 1,
    rules,
    createdAt: '2026-03-01T08:00:00.000Z',
    createdBy: 'admin:0a1b2c3d',
  },
};

describe('a program', () => {
  it('is created active at version 1', () => given([]).when(create()).then([created]));

  it('refuses impossible rules, naming each', () => {
    const error = (() => {
      try {
        programDecider.decide(
          create({ holdDays: -1, referrerReward: { kind: 'credit', amount: 99.5 }, attribution: { windowDays: 0, model: 'first_touch' } }),
          programDecider.initialState(),
        );
      } catch (e) {
        return e as InvalidProgramError;
      }
    })();
    expect(error).toBeInstanceOf(InvalidProgramError);
    expect(error?.problems).toEqual([
      { field: 'attribution.windowDays', message: 'must be a whole number from 1 to 365' },
      { field: 'holdDays', message: 'must be a whole number from 0 to 365' },
      { field: 'referrerReward.amount', message: 'must be a whole number from 1 to 9007199254740991' },
    ]);
  });

  it('takes a budget only in a unit its rewards are paid in', () => {
    given([])
      .when(create({ caps: { budget: { amount: 100_000, unit: 'USD' } } }))
      .thenThrows(InvalidProgramError, 'caps.budget.unit must be a reward unit of the program (EUR), got USD');
    given([])
      .when(create({ refereeReward: { kind: 'free_months', months: 1 }, caps: { budget: { amount: 50, unit: 'months' }, perReferrer: { maxRewards: 3 } } }))
      .then([expect.objectContaining({ type: 'program.created' })]);
  });

  it('tests variants with unique ids and whole positive weights, whose units a budget may use', () => {
    const variant = (id: string, weight: number) => ({ id, weight, referrerReward: { kind: 'points' as const, points: 500 }, refereeReward: null });
    given([])
      .when(create({ variants: [variant('a', 1), variant('a', 0.5)] }))
      .thenThrows(InvalidProgramError, /variants\.1\.id "a" is the id of an earlier variant: ids must be unique.*variants\.1\.weight must be a whole number from 1 to 1000/);
    given([])
      .when(create({ variants: [variant('a', 1), variant('b', 3)], caps: { budget: { amount: 10_000, unit: 'points' } } }))
      .then([expect.objectContaining({ type: 'program.created' })]);
  });

  it("pays a referral its variant's rewards, or the version's own when the variant is not (or no longer) there", () => {
    const withVariants: ProgramRules = { ...rules, variants: [{ id: 'double', weight: 1, referrerReward: { kind: 'credit', amount: 20_000 }, refereeReward: null }] };
    expect(rewardsFor(withVariants, 'double')).toEqual({ referrerReward: { kind: 'credit', amount: 20_000 }, refereeReward: null });
    expect(rewardsFor(withVariants, 'gone')).toEqual({ referrerReward: rules.referrerReward, refereeReward: rules.refereeReward });
    expect(rewardsFor(rules, null)).toEqual({ referrerReward: rules.referrerReward, refereeReward: rules.refereeReward });
  });

  it('cannot be created twice', () => given([created]).when(create()).thenThrows(IllegalStateError, 'already exists'));

  it('gets a new version for each rule change', () =>
    given([created, { type: 'program.rules_changed', data: { programId: 'p1', version: 2, rules, changedAt: '', changedBy: 'admin:0a1b2c3d' } }])
      .when({ type: 'ChangeRules', data: { rules: { ...rules, holdDays: 0 }, by: 'admin:9f8e7d6c' }, metadata: now })
      .then([
        {
          type: 'program.rules_changed',
          data: { programId: 'p1', version: 3, rules: { ...rules, holdDays: 0 }, changedAt: '2026-03-01T08:00:00.000Z', changedBy: 'admin:9f8e7d6c' },
        },
      ]));

  it('pauses, resumes, and ignores a repeated request', () => {
    const paused: ProgramEvent = {
      type: 'program.status_changed',
      data: { programId: 'p1', status: 'paused', changedAt: '2026-03-01T08:00:00.000Z', changedBy: 'admin:0a1b2c3d' },
    };
    given([created])
      .when({ type: 'ChangeStatus', data: { status: 'paused', by: 'admin:0a1b2c3d' }, metadata: now })
      .then([paused]);
    given([created, paused])
      .when({ type: 'ChangeStatus', data: { status: 'paused', by: 'admin:0a1b2c3d' }, metadata: now })
      .thenNothingHappens();
    given([created, paused])
      .when({ type: 'ChangeStatus', data: { status: 'active', by: 'admin:0a1b2c3d' }, metadata: now })
      .then([{ ...paused, data: { ...paused.data, status: 'active' } }]);
  });

  it('lists every version of its rules with who set it and from when', () =>
    expect(
      versionHistory([
        created,
        { type: 'program.status_changed', data: { programId: 'p1', status: 'paused', changedAt: '2026-03-02T08:00:00.000Z', changedBy: 'admin:0a1b2c3d' } },
        {
          type: 'program.rules_changed',
          data: { programId: 'p1', version: 2, rules: { ...rules, holdDays: 30 }, changedAt: '2026-03-05T08:00:00.000Z', changedBy: 'admin:9f8e7d6c' },
        },
      ]),
    ).toEqual([
      { version: 1, rules, effectiveFrom: '2026-03-01T08:00:00.000Z', changedBy: 'admin:0a1b2c3d' },
      { version: 2, rules: { ...rules, holdDays: 30 }, effectiveFrom: '2026-03-05T08:00:00.000Z', changedBy: 'admin:9f8e7d6c' },
    ]));

  it('stays ended', () =>
    given([created, { type: 'program.status_changed', data: { programId: 'p1', status: 'ended', changedAt: '', changedBy: 'admin:0a1b2c3d' } }])
      .when({ type: 'ChangeStatus', data: { status: 'active', by: 'admin:0a1b2c3d' }, metadata: now })
      .thenThrows(IllegalStateError, 'ended'));

  it('records what other acquisition channels cost, as a whole set, without touching its rules', () => {
    const channelCosts = { paid_search: { period: '2026-Q1', spendMinor: 900_000, customers: 30 } };
    given([created])
      .when({ type: 'SetChannelCosts', data: { channelCosts, by: 'admin:0a1b2c3d' }, metadata: now })
      .then([{ type: 'program.channel_costs_set', data: { programId: 'p1', channelCosts, setAt: '2026-03-01T08:00:00.000Z', setBy: 'admin:0a1b2c3d' } }]);
    given([])
      .when({ type: 'SetChannelCosts', data: { channelCosts, by: 'admin:0a1b2c3d' }, metadata: now })
      .thenThrows(IllegalStateError, 'no such program');
  });
});

describe('reward values', () => {
  const payment = { amount: 1_234_567, currency: 'EUR' };
  it.each([
    [
      { kind: 'credit', amount: 5_000 },
      { unit: 'EUR', amount: 5_000 },
    ],
    [
      { kind: 'percent_of_payment', basisPoints: 1_000 },
      { unit: 'EUR', amount: 123_456 },
    ],
    [
      { kind: 'free_months', months: 2 },
      { unit: 'months', amount: 2 },
    ],
    [
      { kind: 'service_hours', hours: 8 },
      { unit: 'hours', amount: 8 },
    ],
    [
      { kind: 'feature_unlock', feature: 'sso', days: 90 },
      { unit: 'feature_days:sso', amount: 90 },
    ],
  ] as const)('%j is worth %j', (spec, value) => {
    expect(valueOf(spec, 'EUR', payment)).toEqual(value);
  });

  it('rounds a percentage down to whole minor units, and gives nothing without a payment', () => {
    expect(valueOf({ kind: 'percent_of_payment', basisPoints: 333 }, 'EUR', { amount: 1_000, currency: 'EUR' })).toEqual({ unit: 'EUR', amount: 33 });
    expect(valueOf({ kind: 'percent_of_payment', basisPoints: 1_000 }, 'EUR', null)).toBeNull();
    // Exact where floating point is not: 9,007,199,254,740,984 × 99.99 % rounds down to …509, not …510.
    expect(valueOf({ kind: 'percent_of_payment', basisPoints: 9_999 }, 'EUR', { amount: 9_007_199_254_740_984, currency: 'EUR' })).toEqual({
      unit: 'EUR',
      amount: 9_006_298_534_815_509,
    });
    // "20 % up to €500": a €3,000 payment earns €500, a €1,000 payment €200.
    expect(valueOf({ kind: 'percent_of_payment', basisPoints: 2_000, maxAmount: 50_000 }, 'EUR', { amount: 300_000, currency: 'EUR' })).toEqual({ unit: 'EUR', amount: 50_000 });
    expect(valueOf({ kind: 'percent_of_payment', basisPoints: 2_000, maxAmount: 50_000 }, 'EUR', { amount: 100_000, currency: 'EUR' })).toEqual({ unit: 'EUR', amount: 20_000 });
  });
});

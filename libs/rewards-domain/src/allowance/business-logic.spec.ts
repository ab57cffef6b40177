import { DeciderSpecification } from '@referral-ledger/decider';
import type { AllowanceEvent } from './allowance';
import { allowanceDecider, type AllowanceCommand, type Limits } from './business-logic';

const { given } = DeciderSpecification(allowanceDecider);
const metadata = { now: new Date('2026-05-01T12:00:00Z') };
const at = '2026-05-01T12:00:00.000Z';
const budget = { maxAmount: 3_000 };
const exhaustion = { programId: 'p1', unit: 'EUR' };

const draw = (drawId: string, amount: number, limits: Limits = budget): AllowanceCommand => ({ type: 'Draw', data: { drawId, amount, limits, exhaustion }, metadata });
const drawn = (drawId: string, amount: number): AllowanceEvent => ({ type: 'allowance.drawn', data: { drawId, amount, drawnAt: at } });
const givenBack = (drawId: string, amount: number): AllowanceEvent => ({ type: 'allowance.given_back', data: { drawId, amount, givenBackAt: at } });
const exhausted = (spent: number): AllowanceEvent => ({ type: 'budget.exhausted', data: { programId: 'p1', unit: 'EUR', budget: 3_000, spent, exhaustedAt: at } });

describe('an allowance (a budget or a referrer cap)', () => {
  it('lets a draw through while it fits', () =>
    given([drawn('r1', 1_000)])
      .when(draw('r2', 1_000))
      .then([drawn('r2', 1_000)]));

  it('announces a budget used to the last unit, once', () =>
    given([drawn('r1', 2_000)])
      .when(draw('r2', 1_000))
      .then([drawn('r2', 1_000), exhausted(3_000)]));

  it('refuses a draw past the budget and announces the exhaustion once', () => {
    given([drawn('r1', 2_500)])
      .when(draw('r2', 1_000))
      .then([exhausted(2_500)]);
    given([drawn('r1', 2_500), exhausted(2_500)])
      .when(draw('r3', 1_000))
      .thenNothingHappens();
  });

  it('counts draws against maxCount, and a cap without exhaustion says nothing when full', () => {
    const cap = (drawId: string): AllowanceCommand => ({ type: 'Draw', data: { drawId, amount: 500, limits: { maxCount: 2 } }, metadata });
    given([drawn('r1', 500)])
      .when(cap('r2'))
      .then([drawn('r2', 500)]);
    given([drawn('r1', 500), drawn('r2', 500)])
      .when(cap('r3'))
      .thenNothingHappens();
  });

  it('takes a redelivered draw as already made, and never draws an id again once given back', () => {
    given([drawn('r1', 1_000)])
      .when(draw('r1', 1_000))
      .thenNothingHappens();
    given([drawn('r1', 1_000), givenBack('r1', 1_000)])
      .when(draw('r1', 1_000))
      .thenNothingHappens();
  });

  it('gives back what a draw took, once, so it can be drawn by another', () => {
    given([drawn('r1', 2_500)])
      .when({ type: 'GiveBack', data: { drawId: 'r1' }, metadata })
      .then([givenBack('r1', 2_500)]);
    given([drawn('r1', 2_500), givenBack('r1', 2_500)])
      .when({ type: 'GiveBack', data: { drawId: 'r1' }, metadata })
      .thenNothingHappens();
    given([drawn('r1', 2_500), givenBack('r1', 2_500)])
      .when(draw('r2', 3_000))
      .then([drawn('r2', 3_000), exhausted(3_000)]);
  });

  it('gives back nothing for a draw never made', () =>
    given([])
      .when({ type: 'GiveBack', data: { drawId: 'r9' }, metadata })
      .thenNothingHappens());
});

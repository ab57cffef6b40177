import { streamName, type BudgetExhaustedData } from '@referral-ledger/contracts';
import type { DomainEvent } from '@referral-ledger/decider';

/** Part of a limit taken by one reward, kept until the reward is reversed while pending. */
export type AllowanceDrawn = DomainEvent<'allowance.drawn', { drawId: string; amount: number; drawnAt: string }>;
/** A pending reward was reversed: what it drew counts again. */
export type AllowanceGivenBack = DomainEvent<'allowance.given_back', { drawId: string; amount: number; givenBackAt: string }>;
/** Public, on `referrals.rewards.v1`: a program budget cannot pay another reward. */
export type BudgetExhausted = DomainEvent<'budget.exhausted', BudgetExhaustedData>;

export type AllowanceEvent = AllowanceDrawn | AllowanceGivenBack | BudgetExhausted;

/**
 * What has been drawn against a limit: a program's budget in one unit, or one referrer's cap in a program.
 * One stream per limit, so every draw is checked against all draws before it, whatever runs concurrently.
 */
export interface Allowance {
  /** Draws standing (drawn and not given back). */
  count: number;
  spent: number;
  exhausted: boolean;
  /**
   * Every draw by id. A fold owns its state, so `evolve` adds to this map in place: a budget stream holds a
   * draw per conversion of the program, and copying the map for each would make loading it quadratic.
   */
  draws: Map<string, { amount: number; givenBack: boolean }>;
}

export const budgetStream = (programId: string, unit: string) => streamName('allowance', `budget:${programId}:${unit}`);
export const referrerCapStream = (programId: string, referrerId: string) => streamName('allowance', `referrer:${programId}:${referrerId}`);

export const initialAllowance = (): Allowance => ({ count: 0, spent: 0, exhausted: false, draws: new Map() });

export function evolve(state: Allowance, event: AllowanceEvent): Allowance {
  switch (event.type) {
    case 'allowance.drawn': {
      const { drawId, amount } = event.data;
      return { ...state, count: state.count + 1, spent: state.spent + amount, draws: state.draws.set(drawId, { amount, givenBack: false }) };
    }
    case 'allowance.given_back': {
      const { drawId, amount } = event.data;
      return { ...state, count: state.count - 1, spent: state.spent - amount, draws: state.draws.set(drawId, { amount, givenBack: true }) };
    }
    case 'budget.exhausted':
      return { ...state, exhausted: true };
  }
}

/** Whether a draw holds part of the limit: false once refused or given back, so a redelivery decides the same way. */
export function isDrawn(state: Allowance, drawId: string): boolean {
  const draw = state.draws.get(drawId);
  return draw !== undefined && !draw.givenBack;
}

import { IllegalStateError, canHandle, type Command } from '@referral-ledger/decider';
import { evolve, initialAllowance, type Allowance, type AllowanceEvent } from './allowance';

export interface Limits {
  maxCount?: number;
  maxAmount?: number;
}

/** `exhaustion`: set for a program budget, whose running out is announced once with `budget.exhausted`. */
export type Draw = Command<'Draw', { drawId: string; amount: number; limits: Limits; exhaustion?: { programId: string; unit: string } }>;
export type GiveBack = Command<'GiveBack', { drawId: string }>;
export type AllowanceCommand = Draw | GiveBack;

const fits = (state: Allowance, amount: number, { maxCount, maxAmount }: Limits) =>
  (maxCount === undefined || state.count + 1 <= maxCount) && (maxAmount === undefined || state.spent + amount <= maxAmount);

/**
 * Takes `amount` if every limit still allows it; otherwise takes nothing (the caller finds no draw standing).
 * A draw id is used once: drawing it again, even after it was given back, changes nothing.
 */
export function draw(command: Draw, state: Allowance): AllowanceEvent[] {
  const { drawId, amount, limits, exhaustion } = command.data;
  if (!Number.isSafeInteger(amount) || amount < 1) throw new IllegalStateError(`A draw is a whole amount of at least 1, got ${amount}`);
  if (state.draws.has(drawId)) return [];
  const now = command.metadata.now.toISOString();
  const announce = (spent: number): AllowanceEvent[] =>
    exhaustion && !state.exhausted && limits.maxAmount !== undefined
      ? [{ type: 'budget.exhausted', data: { ...exhaustion, budget: limits.maxAmount, spent, exhaustedAt: now } }]
      : [];
  if (!fits(state, amount, limits)) return announce(state.spent);
  const drawn: AllowanceEvent = { type: 'allowance.drawn', data: { drawId, amount, drawnAt: now } };
  return state.spent + amount === limits.maxAmount ? [drawn, ...announce(state.spent + amount)] : [drawn];
}

/** Returns what a draw took; a draw never made, or already given back, changes nothing. */
export function giveBack(command: GiveBack, state: Allowance): AllowanceEvent[] {
  const { drawId } = command.data;
  const standing = state.draws.get(drawId);
  if (!standing || standing.givenBack) return [];
  return [{ type: 'allowance.given_back', data: { drawId, amount: standing.amount, givenBackAt: command.metadata.now.toISOString() } }];
}

export function decide(command: AllowanceCommand, state: Allowance): AllowanceEvent[] {
  const { type } = command;
  switch (type) {
    case 'Draw':
      return draw(command, state);
    case 'GiveBack':
      return giveBack(command, state);
    default: {
      const unknown: never = type;
      throw new IllegalStateError(`Unknown command ${String(unknown)}`);
    }
  }
}

export const allowanceDecider = {
  decide,
  evolve,
  initialState: initialAllowance,
  canHandle: canHandle<AllowanceEvent>({ 'allowance.drawn': true, 'allowance.given_back': true, 'budget.exhausted': true }),
};

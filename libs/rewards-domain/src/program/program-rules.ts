import type { ProgramRulesDefinition, RewardDefinition } from '@referral-ledger/contracts';
import { InvalidInputError } from '@referral-ledger/decider';

/** What a participant earns (DESIGN.md §5): the contract's definition, money in integer minor units. */
export type RewardSpec = RewardDefinition;

/** One version of a program's rules, as the contract defines them, with "no referee reward" spelled out. */
export type ProgramRules = ProgramRulesDefinition & { refereeReward: RewardSpec | null };

export function rulesOf(definition: ProgramRulesDefinition): ProgramRules {
  return { ...definition, refereeReward: definition.refereeReward ?? null };
}

export class InvalidProgramError extends InvalidInputError {
  constructor(problems: string[]) {
    super(problems);
    this.name = 'InvalidProgramError';
  }
}

const wholeBetween = (value: number, min: number, max: number) => Number.isSafeInteger(value) && value >= min && value <= max;

function rewardProblems(spec: RewardSpec, field: string): string[] {
  const positive = (value: number, name: string, max = Number.MAX_SAFE_INTEGER) =>
    wholeBetween(value, 1, max) ? [] : [`${field}.${name} must be a whole number from 1 to ${max}`];
  switch (spec.kind) {
    case 'credit':
    case 'cash':
      return positive(spec.amount, 'amount');
    case 'percent_of_payment':
      return positive(spec.basisPoints, 'basisPoints', 10_000);
    case 'free_months':
      return positive(spec.months, 'months', 36);
    case 'service_hours':
      return positive(spec.hours, 'hours', 1_000);
    case 'discount_percent':
      return positive(spec.percent, 'percent', 100);
    case 'feature_unlock':
      return [...positive(spec.days, 'days', 3_650), ...(spec.feature.trim() ? [] : [`${field}.feature must not be empty`])];
    case 'points':
      return positive(spec.points, 'points');
  }
}

/** The invariants no program version may break, whatever the HTTP layer already checked. */
export function assertValidRules(rules: ProgramRules): void {
  const problems = [
    ...(wholeBetween(rules.attribution.windowDays, 1, 365) ? [] : ['attribution.windowDays must be a whole number from 1 to 365']),
    ...(wholeBetween(rules.holdDays, 0, 365) ? [] : ['holdDays must be a whole number from 0 to 365']),
    ...rewardProblems(rules.referrerReward, 'referrerReward'),
    ...(rules.refereeReward ? rewardProblems(rules.refereeReward, 'refereeReward') : []),
  ];
  if (problems.length > 0) throw new InvalidProgramError(problems);
}

export interface RewardValue {
  /** The ledger unit: the currency for money, otherwise what is counted. */
  unit: string;
  amount: number;
}

/** Turns a reward spec into a ledger amount; `payment` is the converting payment, when there is one. */
export function valueOf(spec: RewardSpec, currency: string, payment: { amount: number; currency: string } | null): RewardValue | null {
  switch (spec.kind) {
    case 'credit':
    case 'cash':
      return { unit: currency, amount: spec.amount };
    case 'percent_of_payment': {
      if (!payment) return null;
      const amount = Math.floor((payment.amount * spec.basisPoints) / 10_000);
      return amount > 0 ? { unit: payment.currency, amount } : null;
    }
    case 'free_months':
      return { unit: 'months', amount: spec.months };
    case 'service_hours':
      return { unit: 'hours', amount: spec.hours };
    case 'discount_percent':
      return { unit: 'percent_off', amount: spec.percent };
    case 'feature_unlock':
      return { unit: `feature_days:${spec.feature}`, amount: spec.days };
    case 'points':
      return { unit: 'points', amount: spec.points };
  }
}

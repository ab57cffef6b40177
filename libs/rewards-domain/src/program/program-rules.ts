import type { ProgramRulesDefinition, RewardDefinition } from '@referral-ledger/contracts';
import { InvalidInputError, type FieldProblem } from '@referral-ledger/decider';

/** What a participant earns (DESIGN.md §5): the contract's definition, money in integer minor units. */
export type RewardSpec = RewardDefinition;

/** One version of a program's rules, as the contract defines them, with "no referee or second-level reward" spelled out. */
export type ProgramRules = ProgramRulesDefinition & { refereeReward: RewardSpec | null; secondLevelReward: RewardSpec | null };

export function rulesOf(definition: ProgramRulesDefinition): ProgramRules {
  return { ...definition, refereeReward: definition.refereeReward ?? null, secondLevelReward: definition.secondLevelReward ?? null };
}

export class InvalidProgramError extends InvalidInputError {
  constructor(problems: FieldProblem[]) {
    super(problems);
    this.name = 'InvalidProgramError';
  }
}

const wholeBetween = (value: number, min: number, max: number) => Number.isSafeInteger(value) && value >= min && value <= max;

const unless = (ok: boolean, field: string, message: string): FieldProblem[] => (ok ? [] : [{ field, message }]);

function rewardProblems(spec: RewardSpec, field: string): FieldProblem[] {
  const positive = (value: number, name: string, max = Number.MAX_SAFE_INTEGER) =>
    unless(wholeBetween(value, 1, max), `${field}.${name}`, `must be a whole number from 1 to ${max}`);
  switch (spec.kind) {
    case 'credit':
    case 'cash':
      return positive(spec.amount, 'amount');
    case 'percent_of_payment':
      return [
        ...positive(spec.basisPoints, 'basisPoints', 10_000),
        ...(spec.maxAmount === undefined ? [] : positive(spec.maxAmount, 'maxAmount')),
        ...(spec.recurringMonths === undefined ? [] : positive(spec.recurringMonths, 'recurringMonths', 36)),
      ];
    case 'free_months':
      return positive(spec.months, 'months', 36);
    case 'service_hours':
      return positive(spec.hours, 'hours', 1_000);
    case 'discount_percent':
      return positive(spec.percent, 'percent', 100);
    case 'feature_unlock':
      return [...positive(spec.days, 'days', 3_650), ...unless(spec.feature.trim() !== '', `${field}.feature`, 'must not be empty')];
    case 'points':
      return positive(spec.points, 'points');
  }
}

/** The invariants no program version may break, whatever the HTTP layer already checked. `currency` is the program's. */
export function assertValidRules(rules: ProgramRules, currency: string): void {
  const problems = [
    ...unless(wholeBetween(rules.attribution.windowDays, 1, 365), 'attribution.windowDays', 'must be a whole number from 1 to 365'),
    ...unless(wholeBetween(rules.holdDays, 0, 365), 'holdDays', 'must be a whole number from 0 to 365'),
    ...rewardProblems(rules.referrerReward, 'referrerReward'),
    ...(rules.refereeReward ? rewardProblems(rules.refereeReward, 'refereeReward') : []),
    ...(rules.secondLevelReward ? rewardProblems(rules.secondLevelReward, 'secondLevelReward') : []),
    ...milestoneProblems(rules),
    ...variantProblems(rules),
    ...recurringProblems(rules),
    ...capsProblems(rules, currency),
  ];
  if (problems.length > 0) throw new InvalidProgramError(problems);
}

/** The ledger units a program's rewards are paid in: what a budget may be set in. */
export function rewardUnitsOf(rules: ProgramRules, currency: string): string[] {
  const specs = [
    rules.referrerReward,
    rules.refereeReward,
    rules.secondLevelReward,
    ...(rules.milestones ?? []).map((milestone) => milestone.reward),
    ...(rules.variants ?? []).flatMap((variant) => [variant.referrerReward, variant.refereeReward]),
  ];
  return [...new Set(specs.flatMap((spec) => (spec ? [unitOf(spec, currency)] : [])))];
}

/** Counts strictly increasing; a milestone has no payment of its own to take a percentage of. */
function milestoneProblems(rules: ProgramRules): FieldProblem[] {
  return (rules.milestones ?? []).flatMap(({ conversions, reward }, index, milestones) => [
    ...unless(wholeBetween(conversions, 1, 100_000), `milestones.${index}.conversions`, 'must be a whole number from 1 to 100000'),
    ...unless(index === 0 || conversions > milestones[index - 1].conversions, `milestones.${index}.conversions`, 'must be more than the milestone before (strictly increasing)'),
    ...rewardProblems(reward, `milestones.${index}.reward`),
    ...unless(reward.kind !== 'percent_of_payment', `milestones.${index}.reward.kind`, 'cannot be percent_of_payment: a milestone has no payment of its own'),
  ]);
}

/** Only the referrer's share recurs: the referee's payments are what it is a share of. */
function recurringProblems(rules: ProgramRules): FieldProblem[] {
  const others: Array<[string, RewardSpec | null]> = [
    ['refereeReward', rules.refereeReward],
    ['secondLevelReward', rules.secondLevelReward],
    ...(rules.variants ?? []).map((variant, index): [string, RewardSpec | null] => [`variants.${index}.refereeReward`, variant.refereeReward]),
  ];
  return others.flatMap(([field, spec]) =>
    unless(!(spec?.kind === 'percent_of_payment' && spec.recurringMonths), `${field}.recurringMonths`, 'only the referrer reward can recur'),
  );
}

/** Ids unique (they are what results are grouped by), weights whole and positive, rewards valid. */
function variantProblems(rules: ProgramRules): FieldProblem[] {
  return (rules.variants ?? []).flatMap(({ id, weight, referrerReward, refereeReward }, index, variants) => [
    ...unless(variants.findIndex((other) => other.id === id) === index, `variants.${index}.id`, `"${id}" is the id of an earlier variant: ids must be unique`),
    ...unless(wholeBetween(weight, 1, 1_000), `variants.${index}.weight`, 'must be a whole number from 1 to 1000'),
    ...rewardProblems(referrerReward, `variants.${index}.referrerReward`),
    ...(refereeReward ? rewardProblems(refereeReward, `variants.${index}.refereeReward`) : []),
  ]);
}

/** The rewards a referral earns: its variant's when it was attributed in one the version still has, otherwise the version's own. */
export function rewardsFor(rules: ProgramRules, variantId: string | null | undefined): { referrerReward: RewardSpec; refereeReward: RewardSpec | null } {
  const variant = variantId ? rules.variants?.find((candidate) => candidate.id === variantId) : undefined;
  return variant ? { referrerReward: variant.referrerReward, refereeReward: variant.refereeReward } : { referrerReward: rules.referrerReward, refereeReward: rules.refereeReward };
}

function capsProblems(rules: ProgramRules, currency: string): FieldProblem[] {
  const budget = rules.caps?.budget;
  if (!budget) return [];
  const units = rewardUnitsOf(rules, currency);
  return unless(units.includes(budget.unit), 'caps.budget.unit', `must be a reward unit of the program (${units.join(', ')}), got ${budget.unit}`);
}

export interface RewardValue {
  /** The ledger unit: the currency for money, otherwise what is counted. */
  unit: string;
  amount: number;
}

/** Rewards paid in the program currency: redeemed against invoices; every other kind is fulfilled by the integrator. */
export function isMoneyKind(kind: RewardSpec['kind']): boolean {
  return kind === 'credit' || kind === 'cash' || kind === 'percent_of_payment';
}

/** The ledger unit a reward is counted in: the program currency for money, otherwise what it gives. */
export function unitOf(spec: RewardSpec, currency: string): string {
  switch (spec.kind) {
    case 'credit':
    case 'cash':
    case 'percent_of_payment':
      return currency;
    case 'free_months':
      return 'months';
    case 'service_hours':
      return 'hours';
    case 'discount_percent':
      return 'percent_off';
    case 'feature_unlock':
      return `feature_days:${spec.feature}`;
    case 'points':
      return 'points';
  }
}

/** Basis points of an amount of minor units, rounded down, in exact integer arithmetic (a large payment times basis points passes 2^53). */
export function shareOf(amount: number, basisPoints: number): number {
  return Number((BigInt(amount) * BigInt(basisPoints)) / 10_000n);
}

/** Turns a reward spec into a ledger amount; `payment` is the converting payment, when there is one. */
export function valueOf(spec: RewardSpec, currency: string, payment: { amount: number; currency: string } | null): RewardValue | null {
  const unit = unitOf(spec, currency);
  switch (spec.kind) {
    case 'credit':
    case 'cash':
      return { unit, amount: spec.amount };
    case 'percent_of_payment': {
      if (!payment) return null;
      const amount = Math.min(shareOf(payment.amount, spec.basisPoints), spec.maxAmount ?? Number.MAX_SAFE_INTEGER);
      return amount > 0 ? { unit: payment.currency, amount } : null;
    }
    case 'free_months':
      return { unit, amount: spec.months };
    case 'service_hours':
      return { unit, amount: spec.hours };
    case 'discount_percent':
      return { unit, amount: spec.percent };
    case 'feature_unlock':
      return { unit, amount: spec.days };
    case 'points':
      return { unit, amount: spec.points };
  }
}

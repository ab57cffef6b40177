import { streamName, type RewardsEvent } from '@referral-ledger/contracts';
import { canHandle, type DomainEvent } from '@referral-ledger/decider';
import type { VariantWeight } from './variant-assignment';

/** A program event as the rewards service publishes it on `referrals.rewards.v1`. */
export type PublishedProgramEvent = Extract<RewardsEvent, { type: 'program.created' | 'program.rules_changed' | 'program.status_changed' }>;

/** Attribution's record of a published program event: programs are the rewards service's, attribution keeps what it needs. */
export type ProgramLearned = DomainEvent<'program.learned', PublishedProgramEvent>;

/** What attribution needs of one version of the rules. */
export interface AttributionRules {
  trigger: 'signed_up' | 'qualified' | 'first_payment';
  windowDays: number;
  model: 'last_touch' | 'first_touch';
  holdDays: number;
  variants: VariantWeight[];
  referrerMustBePaying: boolean;
}

export type KnownProgram =
  { status: 'unknown' } | { status: 'active' | 'paused' | 'ended'; programId: string; landingUrl: string; version: number; versions: Record<number, AttributionRules> };

export const isProgramLearned = canHandle<ProgramLearned>({ 'program.learned': true });

/** `programrules-<program id>`: attribution's copy of a program, in the order the rewards service published it. */
export const knownProgramStream = (programId: string) => streamName('programrules', programId);

export const unknownProgram = (): KnownProgram => ({ status: 'unknown' });

export function learnProgram(state: KnownProgram, { data: published }: ProgramLearned): KnownProgram {
  switch (published.type) {
    case 'program.created': {
      const { programId, landingUrl, rules } = published.data;
      return { status: 'active', programId, landingUrl, version: 1, versions: { 1: attributionRules(rules) } };
    }
    case 'program.rules_changed':
      if (state.status === 'unknown' || published.data.version <= state.version) return state;
      return { ...state, version: published.data.version, versions: { ...state.versions, [published.data.version]: attributionRules(published.data.rules) } };
    case 'program.status_changed':
      return state.status === 'unknown' ? state : { ...state, status: published.data.status };
  }
}

function attributionRules(rules: Extract<PublishedProgramEvent, { type: 'program.created' }>['data']['rules']): AttributionRules {
  const variants = (rules.variants ?? []).map(({ id, weight }) => ({ id, weight }));
  const referrerMustBePaying = rules.eligibility?.referrerMustBePaying ?? false;
  const { windowDays, model } = rules.attribution;
  return { trigger: rules.trigger, windowDays, model, holdDays: rules.holdDays, variants, referrerMustBePaying };
}

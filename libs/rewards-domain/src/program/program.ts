import type { PROGRAM_STATUSES, ProgramChannelCostsSetData, ProgramCreatedData, ProgramRulesChangedData, ProgramStatusChangedData } from '@referral-ledger/contracts';
import type { DomainEvent } from '@referral-ledger/decider';
import { rulesOf, type ProgramRules } from './program-rules';

export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

export type ProgramCreated = DomainEvent<'program.created', ProgramCreatedData>;
/** Rule changes make a new version; referrals keep the version in force when they were attributed. */
export type ProgramRulesChanged = DomainEvent<'program.rules_changed', ProgramRulesChangedData>;
export type ProgramStatusChanged = DomainEvent<'program.status_changed', ProgramStatusChangedData>;

/** What the program's other acquisition channels cost, for analysts; it changes nothing the program pays. */
export type ProgramChannelCostsSet = DomainEvent<'program.channel_costs_set', ProgramChannelCostsSetData>;

export type ProgramEvent = ProgramCreated | ProgramRulesChanged | ProgramStatusChanged | ProgramChannelCostsSet;

export type Program =
  { status: 'none' } | { status: ProgramStatus; programId: string; name: string; landingUrl: string; currency: string; version: number; versions: Record<number, ProgramRules> };

export const initialState = (): Program => ({ status: 'none' });

export function evolve(state: Program, event: ProgramEvent): Program {
  switch (event.type) {
    case 'program.created': {
      const { programId, name, landingUrl, currency, rules } = event.data;
      return { status: 'active', programId, name, landingUrl, currency, version: 1, versions: { 1: rulesOf(rules) } };
    }
    case 'program.rules_changed':
      return state.status === 'none' ? state : { ...state, version: event.data.version, versions: { ...state.versions, [event.data.version]: rulesOf(event.data.rules) } };
    case 'program.status_changed':
      return state.status === 'none' ? state : { ...state, status: event.data.status };
    case 'program.channel_costs_set':
      return state;
  }
}

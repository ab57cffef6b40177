import type { ProgramEvent } from './program';
import { rulesOf, type ProgramRules } from './program-rules';

export interface ProgramVersion {
  version: number;
  rules: ProgramRules;
  /** From when referrals attributed are judged by these rules. */
  effectiveFrom: string;
  changedBy: string;
}

/** Every version of a program's rules, oldest first: who set it, from when it applies. */
export function versionHistory(events: readonly ProgramEvent[]): ProgramVersion[] {
  return events.flatMap((event): ProgramVersion[] => {
    switch (event.type) {
      case 'program.created':
        return [{ version: 1, rules: rulesOf(event.data.rules), effectiveFrom: event.data.createdAt, changedBy: event.data.createdBy }];
      case 'program.rules_changed':
        return [{ version: event.data.version, rules: rulesOf(event.data.rules), effectiveFrom: event.data.changedAt, changedBy: event.data.changedBy }];
      case 'program.status_changed':
      case 'program.channel_costs_set':
        return [];
    }
  });
}

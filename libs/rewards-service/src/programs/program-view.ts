import type { Program, ProgramRules } from '@referral-ledger/rewards-domain';

/** What `GET /v1/programs/:id` shows: the program and the rules of its current version. */
export interface ProgramView {
  id: string;
  name: string;
  landingUrl: string;
  currency: string;
  status: 'active' | 'paused' | 'ended';
  version: number;
  rules: ProgramRules;
}

export function toProgramView(program: Exclude<Program, { status: 'none' }>): ProgramView {
  const { programId, name, landingUrl, currency, status, version, versions } = program;
  return { id: programId, name, landingUrl, currency, status, version, rules: versions[version] };
}

import { IllegalStateError, canHandle, type Command } from '@referral-ledger/decider';
import { normaliseCode, vanityCodeProblem } from './referral-code';
import { evolve, initialState, type Referrer, type ReferrerEvent } from './referrer';

export type EnrollReferrer = Command<
  'EnrollReferrer',
  { programId: string; customerId: string; emailIndex: string; encryptedEmail: string; programActive: boolean; generatedCode: string }
>;
export type IssueVanityCode = Command<'IssueVanityCode', { code: string }>;
export type ReferrerCommand = EnrollReferrer | IssueVanityCode;

/** Enrolling twice keeps the first enrolment and its code: the second call changes nothing. */
export function enroll(command: EnrollReferrer, state: Referrer): ReferrerEvent[] {
  if (state.status === 'enrolled') return [];
  const { programId, customerId, emailIndex, encryptedEmail, programActive, generatedCode } = command.data;
  if (!programActive) throw new IllegalStateError(`Program ${programId} is not active`);
  const now = command.metadata.now.toISOString();
  return [
    { type: 'referrer.enrolled', data: { programId, customerId, emailIndex, encryptedEmail, enrolledAt: now } },
    { type: 'code.issued', data: { programId, customerId, code: generatedCode, vanity: false, issuedAt: now } },
  ];
}

export function issueVanityCode(command: IssueVanityCode, state: Referrer): ReferrerEvent[] {
  if (state.status !== 'enrolled') throw new IllegalStateError('Enrol the referrer before giving them a code');
  const problem = vanityCodeProblem(command.data.code);
  if (problem) throw new IllegalStateError(problem);
  const code = normaliseCode(command.data.code);
  if (state.codes.includes(code)) return [];
  return [{ type: 'code.issued', data: { programId: state.programId, customerId: state.customerId, code, vanity: true, issuedAt: command.metadata.now.toISOString() } }];
}

export function decide(command: ReferrerCommand, state: Referrer): ReferrerEvent[] {
  const { type } = command;
  switch (type) {
    case 'EnrollReferrer':
      return enroll(command, state);
    case 'IssueVanityCode':
      return issueVanityCode(command, state);
    default: {
      const unknown: never = type;
      throw new IllegalStateError(`Unknown command ${String(unknown)}`);
    }
  }
}

export const referrerDecider = { decide, evolve, initialState, canHandle: canHandle<ReferrerEvent>({ 'referrer.enrolled': true, 'code.issued': true }) };

import { streamName } from '@referral-ledger/contracts';
import { canHandle, type DomainEvent } from '@referral-ledger/decider';
import { normaliseCode } from './referral-code';

/** A code belongs to one referrer of one program, across all programs. */
export type CodeClaimed = DomainEvent<'code.claimed', { code: string; programId: string; customerId: string }>;

export const isCodeClaimed = canHandle<CodeClaimed>({ 'code.claimed': true });

/** `code-<CODE>`: created once with `no_stream`, so the store itself refuses a second owner. */
export const codeStream = (code: string) => streamName('code', normaliseCode(code));

import { streamName, type CodeIssuedData, type ReferrerEnrolledData } from '@referral-ledger/contracts';
import type { DomainEvent } from '@referral-ledger/decider';

export type ReferrerEnrolled = DomainEvent<'referrer.enrolled', ReferrerEnrolledData>;
export type CodeIssued = DomainEvent<'code.issued', CodeIssuedData>;

/** `referrer-<program>:<customer>`: a customer's enrolment in one program. */
export const referrerStream = (programId: string, customerId: string) => streamName('referrer', `${programId}:${customerId}`);

export type ReferrerEvent = ReferrerEnrolled | CodeIssued;

export type Referrer = { status: 'none' } | { status: 'enrolled'; programId: string; customerId: string; emailIndex: string; codes: string[] };

export const initialState = (): Referrer => ({ status: 'none' });

export function evolve(state: Referrer, event: ReferrerEvent): Referrer {
  switch (event.type) {
    case 'referrer.enrolled': {
      const { programId, customerId, emailIndex } = event.data;
      return { status: 'enrolled', programId, customerId, emailIndex, codes: [] };
    }
    case 'code.issued':
      return state.status === 'enrolled' ? { ...state, codes: [...state.codes, event.data.code] } : state;
  }
}

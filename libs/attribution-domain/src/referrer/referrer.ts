import type { DomainEvent } from '@referral-ledger/decider';

export type ReferrerEnrolled = DomainEvent<
  'referrer.enrolled',
  {
    programId: string;
    customerId: string;
    /** Blind index of the normalised email, for self-referral checks. */
    emailIndex: string;
    /** AES-GCM ciphertext under the customer's data key: unreadable once the customer is forgotten. */
    encryptedEmail: string;
    enrolledAt: string;
  }
>;

export type CodeIssued = DomainEvent<'code.issued', { programId: string; customerId: string; code: string; vanity: boolean; issuedAt: string }>;

export type ReferrerEvent = ReferrerEnrolled | CodeIssued;

export type Referrer =
  | { status: 'none' }
  | { status: 'enrolled'; programId: string; customerId: string; emailIndex: string; codes: string[] };

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

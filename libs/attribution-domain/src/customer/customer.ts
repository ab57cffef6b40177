import { streamName } from '@referral-ledger/contracts';
import { canHandle, type DomainEvent } from '@referral-ledger/decider';

/** What attribution keeps of a signup: personal data encrypted or blind-indexed, never in plain text. */
export type CustomerRegistered = DomainEvent<
  'customer.registered',
  {
    customerId: string;
    emailIndex: string;
    encryptedEmail: string;
    /** Not personal on its own, and what disposable-email screening needs. */
    emailDomain: string;
    deviceId: string | null;
    ipHash: string | null;
    teamId: string | null;
    country: string | null;
    signedUpAt: string;
  }
>;

/** The customer came through this referral (one per program). */
export type CustomerReferred = DomainEvent<'customer.referred', { referralId: string; programId: string }>;

/** The customer's first payment: from then on they are a paying customer (`eligibility.referrerMustBePaying`). */
export type CustomerBecamePaying = DomainEvent<'customer.became_paying', { customerId: string; paymentId: string; paidAt: string }>;

export type CustomerEvent = CustomerRegistered | CustomerReferred | CustomerBecamePaying;

export const isCustomerEvent = canHandle<CustomerEvent>({ 'customer.registered': true, 'customer.referred': true, 'customer.became_paying': true });

/** `customer-<id>`: one stream per customer, written by attribution only. */
export const customerStream = (customerId: string) => streamName('customer', customerId);

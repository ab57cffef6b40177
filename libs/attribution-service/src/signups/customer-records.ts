import {
  customerStream,
  isCustomerEvent,
  isRefereeClaimed,
  refereeStream,
  type CustomerBecamePaying,
  type CustomerReferred,
  type CustomerRegistered,
  type RefereeClaimed,
} from '@referral-ledger/attribution-domain';
import { WrongExpectedVersionError, deterministicEventId, readFirst, type EventStore, type NewEvent } from '@referral-ledger/event-store';

export interface CustomerRecord {
  registered: CustomerRegistered['data'] & { causationId: string | null };
  referrals: Array<CustomerReferred['data']>;
  paying: boolean;
}

/** What attribution remembers of a customer: their signup (personal data encrypted) and the referrals they came by. */
export async function readCustomer(store: EventStore, customerId: string): Promise<CustomerRecord | undefined> {
  const events = (await store.readStream(customerStream(customerId))).filter(isCustomerEvent);
  const [registered] = events.flatMap((event) => (event.type === 'customer.registered' ? [{ ...event.data, causationId: event.metadata.causationId }] : []));
  if (!registered) return undefined;
  return {
    registered,
    referrals: events.flatMap((event) => (event.type === 'customer.referred' ? [event.data] : [])),
    paying: events.some((event) => event.type === 'customer.became_paying'),
  };
}

/** Once per customer: concurrent first payments derive the same event id, so only one is kept. */
export async function recordPaying(store: EventStore, paying: CustomerBecamePaying['data'], meta: NewEvent['metadata']): Promise<void> {
  const stream = customerStream(paying.customerId);
  const event: NewEvent<CustomerBecamePaying['type'], CustomerBecamePaying['data']> = {
    id: deterministicEventId(stream, 'became_paying'),
    type: 'customer.became_paying',
    data: paying,
    metadata: meta,
  };
  await store.appendToStream(stream, [event], { expectedVersion: 'stream_exists' });
}

/**
 * Registers a signup once. Returns whether the customer was already known from an earlier signup
 * (a referee "already a customer"); a redelivery of the same signup is not "earlier".
 */
export async function registerCustomer(store: EventStore, registration: CustomerRegistered['data'], meta: NewEvent['metadata']): Promise<{ alreadyKnown: boolean }> {
  const stream = customerStream(registration.customerId);
  const event: NewEvent<CustomerRegistered['type'], CustomerRegistered['data']> = {
    id: deterministicEventId(stream, String(meta.causationId), 'registered'),
    type: 'customer.registered',
    data: registration,
    metadata: meta,
  };
  try {
    await store.appendToStream(stream, [event], { expectedVersion: 'no_stream' });
    return { alreadyKnown: false };
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
    const existing = await readCustomer(store, registration.customerId);
    return { alreadyKnown: existing?.registered.causationId !== meta.causationId };
  }
}

export async function recordReferral(store: EventStore, customerId: string, referral: CustomerReferred['data'], meta: NewEvent['metadata']): Promise<void> {
  const stream = customerStream(customerId);
  const event: NewEvent<CustomerReferred['type'], CustomerReferred['data']> = {
    id: deterministicEventId(stream, referral.referralId, 'referred'),
    type: 'customer.referred',
    data: referral,
    metadata: meta,
  };
  await store.appendToStream(stream, [event], { expectedVersion: 'stream_exists' });
}

/**
 * One referral per (program, referee): the first attributed referral claims `referee-<program>:<customer>`
 * with `no_stream`. Returns the referral that holds the claim (ours, or the earlier one).
 */
export async function claimReferee(store: EventStore, programId: string, customerId: string, referralId: string, meta: NewEvent['metadata']): Promise<string> {
  const stream = refereeStream(programId, customerId);
  try {
    await store.appendToStream(stream, [{ id: deterministicEventId(stream, referralId), type: 'referee.claimed', data: { referralId }, metadata: meta }], {
      expectedVersion: 'no_stream',
    });
    return referralId;
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
    const claim = await readFirst<RefereeClaimed>(store, stream, isRefereeClaimed);
    if (!claim) throw new Error(`${stream} exists but holds no referee claim`);
    return claim.data.referralId;
  }
}

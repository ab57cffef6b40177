import { streamName } from '@referral-ledger/contracts';
import { WrongExpectedVersionError, deterministicEventId, type EventStore, type NewEvent } from '@referral-ledger/event-store';

export interface CustomerRegistered {
  customerId: string;
  emailIndex: string;
  encryptedEmail: string;
  /** Not personal on its own, and what disposable-email screening needs. */
  emailDomain: string;
  deviceId: string | null;
  ipHash: string | null;
  ipPrefixHash: string | null;
  teamId: string | null;
  country: string | null;
  signedUpAt: string;
}

export interface CustomerReferred {
  referralId: string;
  programId: string;
}

export interface CustomerRecord {
  registered: CustomerRegistered & { causationId: string | null };
  referrals: CustomerReferred[];
}

/** What attribution remembers of a customer: their signup (personal data encrypted) and the referrals they came by. */
export async function readCustomer(store: EventStore, customerId: string): Promise<CustomerRecord | undefined> {
  const events = await store.readStream(streamName('customer', customerId));
  if (events.length === 0) return undefined;
  return {
    registered: { ...(events[0].data as CustomerRegistered), causationId: events[0].metadata.causationId },
    referrals: events.filter((e) => e.type === 'customer.referred').map((e) => e.data as CustomerReferred),
  };
}

/**
 * Registers a signup once. Returns whether the customer was already known from an earlier signup
 * (a referee "already a customer"); a redelivery of the same signup is not "earlier".
 */
export async function registerCustomer(store: EventStore, registration: CustomerRegistered, meta: NewEvent['metadata']): Promise<{ alreadyKnown: boolean }> {
  const stream = streamName('customer', registration.customerId);
  try {
    await store.appendToStream(stream, [{ id: deterministicEventId(stream, String(meta.causationId), 'registered'), type: 'customer.registered', data: registration, metadata: meta }], {
      expectedVersion: 'no_stream',
    });
    return { alreadyKnown: false };
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
    const existing = await readCustomer(store, registration.customerId);
    return { alreadyKnown: existing?.registered.causationId !== meta.causationId };
  }
}

export async function recordReferral(store: EventStore, customerId: string, referral: CustomerReferred, meta: NewEvent['metadata']): Promise<void> {
  const stream = streamName('customer', customerId);
  await store.appendToStream(stream, [{ id: deterministicEventId(stream, referral.referralId, 'referred'), type: 'customer.referred', data: referral, metadata: meta }], {
    expectedVersion: 'stream_exists',
  });
}

/**
 * One referral per (program, referee): the first attributed referral claims `referee-<program>:<customer>`
 * with `no_stream`. Returns the referral that holds the claim (ours, or the earlier one).
 */
export async function claimReferee(store: EventStore, programId: string, customerId: string, referralId: string, meta: NewEvent['metadata']): Promise<string> {
  const stream = streamName('referee', `${programId}:${customerId}`);
  try {
    await store.appendToStream(stream, [{ id: deterministicEventId(stream, referralId), type: 'referee.claimed', data: { referralId }, metadata: meta }], { expectedVersion: 'no_stream' });
    return referralId;
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
    const [claim] = await store.readStream(stream, { maxCount: 1 });
    return (claim.data as { referralId: string }).referralId;
  }
}

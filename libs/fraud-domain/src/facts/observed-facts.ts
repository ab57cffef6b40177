import { streamName } from '@referral-ledger/contracts';
import { canHandle, type DomainEvent } from '@referral-ledger/decider';

/** A signup as fraud keeps it, from `customer.signed_up`: blind indexes and hashes only, never the address itself. */
export type SignupObserved = DomainEvent<
  'signup.observed',
  { customerId: string; emailIndex: string; emailDomain: string; deviceId: string | null; ipPrefixHash: string | null; signedUpAt: string }
>;

/** A referrer's enrolment, from `referrer.enrolled`. */
export type ReferrerObserved = DomainEvent<'referrer.observed', { programId: string; customerId: string; emailIndex: string }>;

/** Who brought a customer into a program, from `referral.attributed`: what ring detection (A → B → A) looks up. */
export type ReferralObserved = DomainEvent<'referral.observed', { referralId: string; programId: string; referrerId: string; refereeId: string }>;

export const isSignupObserved = canHandle<SignupObserved>({ 'signup.observed': true });
export const isReferrerObserved = canHandle<ReferrerObserved>({ 'referrer.observed': true });
export const isReferralObserved = canHandle<ReferralObserved>({ 'referral.observed': true });

/** `fraudsignup-<customer>`. */
export const signupFactsStream = (customerId: string) => streamName('fraudsignup', customerId);
/** `fraudreferrer-<program>:<customer>`. */
export const referrerFactsStream = (programId: string, customerId: string) => streamName('fraudreferrer', `${programId}:${customerId}`);
/** `fraudreferee-<program>:<referee>`: the referrals that brought this customer into the program. */
export const refereeFactsStream = (programId: string, refereeId: string) => streamName('fraudreferee', `${programId}:${refereeId}`);

/** The /24 of an IPv4 address (the /48 of an IPv6 one): signups from one office or one botnet subnet. */
export function ipPrefix(ip: string): string {
  return ip.includes(':') ? ip.split(':').slice(0, 3).join(':') : ip.split('.').slice(0, 3).join('.');
}

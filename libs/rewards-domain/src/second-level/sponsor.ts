import { streamName } from '@referral-ledger/contracts';
import { canHandle, type DomainEvent } from '@referral-ledger/decider';

/** A customer converted as someone's referee in a program: that referrer is their sponsor, one level up. */
export type SponsorLearned = DomainEvent<'sponsor.learned', { programId: string; customerId: string; sponsorId: string; referralId: string }>;

export const isSponsorLearned = canHandle<SponsorLearned>({ 'sponsor.learned': true });

/** `sponsor-<program>:<customer>`: who referred a customer into a program, as rewards learned it from their conversion. */
export const sponsorStream = (programId: string, customerId: string) => streamName('sponsor', `${programId}:${customerId}`);

/**
 * Who earns the second-level reward of a referrer's conversion: the referrer's own sponsor, two levels at most.
 * None when the referrer came in on their own, or when the sponsor is the referee (A→B→A earns nothing twice).
 */
export function secondLevelBeneficiary(referrerSponsors: readonly SponsorLearned[], refereeId: string): string | null {
  const sponsorId = referrerSponsors[0]?.data.sponsorId;
  return sponsorId && sponsorId !== refereeId ? sponsorId : null;
}

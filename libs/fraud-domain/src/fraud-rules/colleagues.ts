import freeProviders from 'email-providers/all.json';
import { isDisposableDomain } from './disposable-email';
import type { FraudThresholds } from './fraud-thresholds';
import type { ReferralFacts } from './referral-facts';

// The maintained list of webmail providers from npm (email-providers): anyone can have an address there.
const FREE_PROVIDERS = new Set<string>(freeProviders as string[]);

/** A domain that only a company's own people write from: not webmail, not disposable. */
export function isCompanyDomain(domain: string): boolean {
  const normalised = domain.trim().toLowerCase();
  return !FREE_PROVIDERS.has(normalised) && !isDisposableDomain(normalised);
}

/**
 * The referee writes from the referrer's company domain and paid (if at all) as a person would: a colleague, whose
 * office network explains many signups from one place. A farm paying within seconds gets no such benefit of the doubt.
 */
export function colleagueDomainOf({ referee, referrer, signupToConversionSeconds }: ReferralFacts, thresholds: FraudThresholds): string | null {
  const domain = referee.emailDomain?.toLowerCase();
  if (!domain || !isCompanyDomain(domain) || !referrer.emailDomains.includes(domain)) return null;
  const humanTiming = signupToConversionSeconds === null || signupToConversionSeconds >= thresholds.minSignupToPaymentSeconds;
  return humanTiming ? domain : null;
}

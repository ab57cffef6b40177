import disposableDomains from 'disposable-email-domains';
import wildcardDomains from 'disposable-email-domains/wildcard.json';
import type { FraudRule } from './fraud-rule';

// The community-maintained list from npm (disposable-email-domains), not a hand-typed one.
const DISPOSABLE = new Set<string>(disposableDomains as string[]);
const DISPOSABLE_PARENTS = wildcardDomains as string[];

export function isDisposableDomain(domain: string): boolean {
  const normalised = domain.trim().toLowerCase();
  return DISPOSABLE.has(normalised) || DISPOSABLE_PARENTS.some((parent) => normalised === parent || normalised.endsWith(`.${parent}`));
}

export const disposableEmail: FraudRule = ({ referee: { emailDomain } }) =>
  emailDomain && isDisposableDomain(emailDomain) ? [{ rule: 'disposable_email', points: 50, reason: `The referee signed up with a disposable email domain (${emailDomain})` }] : [];

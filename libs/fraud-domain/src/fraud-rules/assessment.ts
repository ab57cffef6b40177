import type { RISK_DECISIONS } from '@referral-ledger/contracts';
import { disposableEmail } from './disposable-email';
import type { FraudRule } from './fraud-rule';
import type { FraudThresholds } from './fraud-thresholds';
import { implausibleTiming } from './implausible-timing';
import type { ReferralFacts } from './referral-facts';
import { referralRing } from './referral-ring';
import { selfReferral } from './self-referral';
import { networkVelocity, referrerVelocity, sequentialEmails } from './velocity';

export type RiskDecision = (typeof RISK_DECISIONS)[number];

export interface RiskAssessment {
  decision: RiskDecision;
  /** 0–100: the sum of the findings' points, capped. */
  score: number;
  reasons: string[];
  rules: string[];
}

export const FRAUD_RULES: readonly FraudRule[] = [selfReferral, referralRing, disposableEmail, sequentialEmails, networkVelocity, referrerVelocity, implausibleTiming];

/** Runs every rule; a blocking finding or a score at the block line blocks, one at the review line asks a person. */
export function assessRisk(facts: ReferralFacts, thresholds: FraudThresholds, rules: readonly FraudRule[] = FRAUD_RULES): RiskAssessment {
  const findings = rules.flatMap((rule) => rule(facts, thresholds));
  const score = Math.min(
    100,
    findings.reduce((total, finding) => total + finding.points, 0),
  );
  const decision: RiskDecision = findings.some((finding) => finding.blocking) || score >= thresholds.blockScore ? 'block' : score >= thresholds.reviewScore ? 'review' : 'clear';
  return { decision, score, reasons: findings.map((finding) => finding.reason), rules: [...new Set(findings.map((finding) => finding.rule))] };
}

const SEVERITY: Record<RiskDecision, number> = { clear: 0, review: 1, block: 2 };

/** Evidence only accumulates, so a later assessment may only make a referral look worse. */
export const moreSevere = (candidate: RiskDecision, current: RiskDecision): boolean => SEVERITY[candidate] > SEVERITY[current];

import type { RISK_DECISIONS } from '@referral-ledger/contracts';
import type { Finding, FraudRule, ReferralFacts } from './referral-facts';
import { FRAUD_RULES } from './rules';

export type RiskDecision = (typeof RISK_DECISIONS)[number];

export interface RiskAssessment {
  decision: RiskDecision;
  /** 0–100: the sum of the findings' points, capped. */
  score: number;
  reasons: string[];
  rules: string[];
}

export const REVIEW_THRESHOLD = 40;
export const BLOCK_THRESHOLD = 100;

/** Runs every rule; a blocking finding or a score of 100 blocks, 40 or more asks a person. */
export function assessRisk(facts: ReferralFacts, rules: readonly FraudRule[] = FRAUD_RULES): RiskAssessment {
  const findings = rules.map((rule) => rule(facts)).filter((finding): finding is Finding => finding !== null);
  const score = Math.min(
    100,
    findings.reduce((total, finding) => total + finding.points, 0),
  );
  const decision: RiskDecision = findings.some((f) => f.blocking) || score >= BLOCK_THRESHOLD ? 'block' : score >= REVIEW_THRESHOLD ? 'review' : 'clear';
  return { decision, score, reasons: findings.map((f) => f.reason), rules: findings.map((f) => f.rule) };
}

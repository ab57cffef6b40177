import type { LabelledReferral } from './patterns';

/**
 * What became of one referral: the fraud service's latest decision; or rejected by attribution before fraud saw it
 * (a referee on the referrer's own address, say); or no referral at all; or not screened yet.
 */
export type Outcome = 'clear' | 'review' | 'block' | 'rejected unscreened' | 'not attributed' | 'unscreened';

/** An outcome and the rules that led to it (the latest assessment's, or attribution's reason). */
export interface Judged {
  outcome: Outcome;
  rules: readonly string[];
}

type Scored = LabelledReferral & Judged;

const OUTCOMES: readonly Outcome[] = ['clear', 'review', 'block', 'rejected unscreened', 'not attributed', 'unscreened'];

/** Stopped before paying out, by the rules, a person, or attribution's own checks. */
const stopped = (outcome: Outcome) => outcome !== 'clear' && outcome !== 'unscreened';

export interface Scores {
  precision: number;
  recall: number;
  falsePositiveRate: number;
}

export interface ConfusionTable {
  lines: string[];
  /** Positive = anything but clear: blocked, sent to review, or refused by attribution. */
  flagged: Scores;
  /** Positive = blocked or refused: what stops with nobody looking. */
  blocked: Scores;
  honestBlocked: Map<string, number>;
  rulesFlaggingHonest: Map<string, number>;
  rulesClearingFraud: Map<string, number>;
}

export function confusionTable(patterns: readonly string[], referrals: readonly Scored[]): ConfusionTable {
  const header = ['pattern', 'truth', 'referrals', ...OUTCOMES, 'flagged'];
  const rows = patterns.map((pattern) => {
    const of = referrals.filter((referral) => referral.pattern === pattern);
    const count = (outcome: Outcome) => of.filter((referral) => referral.outcome === outcome).length;
    const share = of.filter((referral) => stopped(referral.outcome)).length / (of.length || 1);
    return [pattern, of[0]?.fraudulent ? 'fraud' : 'honest', String(of.length), ...OUTCOMES.map((outcome) => String(count(outcome))), `${(100 * share).toFixed(1)} %`];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  const honest = referrals.filter((referral) => !referral.fraudulent);
  const fraudulent = referrals.filter((referral) => referral.fraudulent);
  return {
    lines: [line(header), rule, ...rows.map(line)],
    flagged: scores(referrals, stopped),
    blocked: scores(referrals, (outcome) => outcome === 'block' || outcome === 'rejected unscreened' || outcome === 'not attributed'),
    honestBlocked: tally(honest.filter((referral) => referral.outcome === 'block').map((referral) => referral.pattern)),
    rulesFlaggingHonest: tally(honest.filter((referral) => stopped(referral.outcome)).flatMap((referral) => referral.rules)),
    rulesClearingFraud: tally(fraudulent.filter((referral) => !stopped(referral.outcome)).flatMap((referral) => referral.rules)),
  };
}

function scores(referrals: readonly Scored[], positive: (outcome: Outcome) => boolean): Scores {
  const count = (fraudulent: boolean, flagged: boolean) => referrals.filter((r) => r.fraudulent === fraudulent && positive(r.outcome) === flagged).length;
  const [truePositives, falsePositives, falseNegatives, trueNegatives] = [count(true, true), count(false, true), count(true, false), count(false, false)];
  return {
    precision: truePositives / (truePositives + falsePositives || 1),
    recall: truePositives / (truePositives + falseNegatives || 1),
    falsePositiveRate: falsePositives / (falsePositives + trueNegatives || 1),
  };
}

const tally = (names: readonly string[]): Map<string, number> =>
  new Map([...names.reduce((counts, name) => counts.set(name, (counts.get(name) ?? 0) + 1), new Map<string, number>())].sort((a, b) => b[1] - a[1]));

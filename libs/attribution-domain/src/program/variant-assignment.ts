import { createHash } from 'node:crypto';

/** One arm of a program's A/B test, as attribution needs it: which, and how likely. */
export interface VariantWeight {
  id: string;
  weight: number;
}

/**
 * The variant a referrer is in: a hash of program and referrer picks a point on the weights, so the same referrer
 * always lands in the same variant (sticky, with nothing stored) and the shares follow the weights. Null without variants.
 */
export function variantFor(variants: readonly VariantWeight[], programId: string, referrerId: string): string | null {
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
  if (total <= 0) return null;
  const point = createHash('sha256').update(`${programId}\u0000${referrerId}`).digest().readUInt32BE(0) % total;
  let reached = 0;
  for (const variant of variants) {
    reached += variant.weight;
    if (point < reached) return variant.id;
  }
  return null;
}

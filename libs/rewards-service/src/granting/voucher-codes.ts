import { randomBytes } from 'node:crypto';
import type { RewardSpec } from '@referral-ledger/rewards-domain';

/** No 0/O, 1/I/L: read aloud or typed from an email without mistakes. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * A `discount_percent` reward comes with a voucher code the integrator applies in its billing (then confirms with
 * the fulfilment route). Random, 60 bits: drawn once per grant command, so a retried decision keeps the same code.
 */
export function voucherCodeFor(spec: RewardSpec): string | null {
  if (spec.kind !== 'discount_percent') return null;
  const characters = Array.from(randomBytes(12), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
  return characters.match(/.{4}/g)?.join('-') ?? characters;
}

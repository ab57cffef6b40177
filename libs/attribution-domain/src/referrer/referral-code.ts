/** Easy to read aloud and to type: no 0/O, no 1/I (DESIGN.md, issue 3). */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 7;

/**
 * A random code from the caller's random bytes (the domain does no I/O, not even for randomness).
 * 32 symbols × 7 places ≈ 34 billion codes; uniqueness is still claimed in the event store.
 */
export function codeFromRandomBytes(bytes: Uint8Array, length = CODE_LENGTH): string {
  if (bytes.length < length) throw new RangeError(`Need ${length} random bytes, got ${bytes.length}`);
  // 256 is a multiple of 32, so taking each byte modulo 32 keeps every symbol equally likely.
  return Array.from(bytes.subarray(0, length), (byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');
}

const VANITY = /^[A-Z0-9][A-Z0-9-]{2,30}[A-Z0-9]$/;

/** Codes are case-insensitive: `summer-ada` and `SUMMER-ADA` are one code. */
export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

/** A vanity code chosen by a person: 4–32 letters, digits and inner dashes. Returns the problem, or null. */
export function vanityCodeProblem(code: string): string | null {
  return VANITY.test(normaliseCode(code)) ? null : 'A code is 4 to 32 letters, digits or dashes, starting and ending with a letter or digit';
}

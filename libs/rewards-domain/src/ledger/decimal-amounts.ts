/**
 * How many decimals a unit's minor amounts have: ISO 4217's for a currency (2 for EUR, 0 for JPY, 3 for KWD),
 * none for the non-cash units (months, hours, points, percent_off), which count whole units.
 */
export function decimalsOf(unit: string): number {
  if (!/^[A-Z]{3}$/.test(unit)) return 0;
  return new Intl.NumberFormat('en', { style: 'currency', currency: unit }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** A minor amount written in major units, exactly (no floating point): 123456 with 2 decimals is `1234.56`. */
export function decimalAmount(minor: number, decimals: number): string {
  const digits = BigInt(Math.abs(minor))
    .toString()
    .padStart(decimals + 1, '0');
  const sign = minor < 0 ? '-' : '';
  return decimals === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

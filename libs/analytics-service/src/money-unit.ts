/** A currency (ISO 4217, minor units) as opposed to months, hours, points: only money adds up to a cost or revenue. */
export function isMoney(unit: string): boolean {
  return /^[A-Z]{3}$/.test(unit);
}

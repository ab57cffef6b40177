import { DeciderSpecification, IllegalStateError } from '@referral-ledger/decider';
import { referrerDecider, type EnrollReferrer } from './business-logic';
import { CODE_ALPHABET, codeFromRandomBytes, normaliseCode } from './referral-code';
import type { ReferrerEvent } from './referrer';

const given = DeciderSpecification(referrerDecider).given;
const now = { now: new Date('2026-03-01T08:00:00Z') };
const enrollCommand = (programActive = true): EnrollReferrer => ({
  type: 'EnrollReferrer',
  data: { programId: 'p1', customerId: 'alice', emailIndex: 'idx-alice', encryptedEmail: 'pii:v1:xyz', programActive, generatedCode: 'K7PX9M2' },
  metadata: now,
});
const enrolled: ReferrerEvent[] = [
  { type: 'referrer.enrolled', data: { programId: 'p1', customerId: 'alice', emailIndex: 'idx-alice', encryptedEmail: 'pii:v1:xyz', enrolledAt: '2026-03-01T08:00:00.000Z' } },
  { type: 'code.issued', data: { programId: 'p1', customerId: 'alice', code: 'K7PX9M2', vanity: false, issuedAt: '2026-03-01T08:00:00.000Z' } },
];

describe('a referrer', () => {
  it('is enrolled with a generated code', () => given([]).when(enrollCommand()).then(enrolled));
  it('keeps the first code when enrolled again', () => given(enrolled).when(enrollCommand()).thenNothingHappens());
  it('cannot join a paused or ended program', () => given([]).when(enrollCommand(false)).thenThrows(IllegalStateError, 'not active'));

  it('gets a vanity code, case-insensitively once', () => {
    given(enrolled)
      .when({ type: 'IssueVanityCode', data: { code: 'summer-ada' }, metadata: now })
      .then([{ type: 'code.issued', data: { programId: 'p1', customerId: 'alice', code: 'SUMMER-ADA', vanity: true, issuedAt: '2026-03-01T08:00:00.000Z' } }]);
    given([...enrolled, { type: 'code.issued', data: { programId: 'p1', customerId: 'alice', code: 'SUMMER-ADA', vanity: true, issuedAt: '' } }])
      .when({ type: 'IssueVanityCode', data: { code: 'Summer-Ada' }, metadata: now })
      .thenNothingHappens();
  });

  it.each(['ab', '-abc', 'with space', 'a'.repeat(40)])('refuses the vanity code %j', (code) =>
    given(enrolled).when({ type: 'IssueVanityCode', data: { code }, metadata: now }).thenThrows(IllegalStateError, '4 to 32'),
  );
});

describe('generated codes', () => {
  it('use only unambiguous symbols: no 0, O, 1 or I', () => {
    expect(CODE_ALPHABET).not.toMatch(/[01IO]/);
    const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (let start = 0; start + 7 <= everyByte.length; start += 7) {
      expect(codeFromRandomBytes(everyByte.subarray(start, start + 7))).toMatch(/^[2-9A-HJ-NP-Z]{7}$/);
    }
  });

  it('spread evenly over the alphabet', () => {
    const counts = new Map<string, number>();
    for (let byte = 0; byte < 256; byte++) {
      const symbol = codeFromRandomBytes(Uint8Array.from([byte]), 1);
      counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    }
    expect(new Set(counts.values())).toEqual(new Set([8]));
    expect(counts.size).toBe(32);
  });

  it('are compared without regard to case or surrounding spaces', () => expect(normaliseCode(' k7px9m2 ')).toBe('K7PX9M2'));
});

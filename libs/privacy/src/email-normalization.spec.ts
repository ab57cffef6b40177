import { BlindIndex } from './blind-index';
import { normalizeEmail } from './email-normalization';

describe('email normalisation for blind indexes', () => {
  it.each([
    ['Ada.Lovelace+promo@GMail.com', 'adalovelace@gmail.com'],
    ['ada.lovelace@googlemail.com', 'adalovelace@gmail.com'],
    ['  Ada.Lovelace@Example.COM ', 'ada.lovelace@example.com'],
    ['ada+tag@example.com', 'ada@example.com'],
    ['Ada.Lovelace+Invoices@outlook.com', 'ada.lovelace@outlook.com'],
    ['+only-a-tag@example.com', '+only-a-tag@example.com'],
  ])('%s is %s', (email, canonical) => {
    expect(normalizeEmail(email)).toBe(canonical);
  });

  it('gives equal emails equal indexes and different peppers different ones', () => {
    const index = new BlindIndex(Buffer.alloc(32, 1));
    expect(index.email('A.da+x@gmail.com')).toBe(index.email('ada@gmail.com'));
    expect(index.email('ada@gmail.com')).not.toBe(index.email('bob@gmail.com'));
    expect(new BlindIndex(Buffer.alloc(32, 2)).email('ada@gmail.com')).not.toBe(index.email('ada@gmail.com'));
  });

  it('refuses a short pepper', () => {
    expect(() => new BlindIndex(Buffer.alloc(8))).toThrow(/at least 32 bytes/);
  });
});

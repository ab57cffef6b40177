import { variantFor } from './variant-assignment';

describe("a referrer's variant", () => {
  const variants = [
    { id: 'a', weight: 3 },
    { id: 'b', weight: 1 },
  ];

  it('is the same every time for the same referrer and program', () => {
    const first = variantFor(variants, 'prog-1', 'alice');
    for (let i = 0; i < 10; i++) expect(variantFor(variants, 'prog-1', 'alice')).toBe(first);
  });

  it('splits referrers by weight', () => {
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 4_000; i++) counts[variantFor(variants, 'prog-1', `referrer-${i}`) as 'a' | 'b'] += 1;
    expect(counts.a / 4_000).toBeGreaterThan(0.7);
    expect(counts.a / 4_000).toBeLessThan(0.8);
  });

  it('is drawn again per program', () => {
    const inOther = Array.from({ length: 50 }, (_, i) => variantFor(variants, 'prog-1', `r-${i}`) !== variantFor(variants, 'prog-2', `r-${i}`));
    expect(inOther).toContain(true);
  });

  it('is none when the program has no variants', () => expect(variantFor([], 'prog-1', 'alice')).toBeNull());
});

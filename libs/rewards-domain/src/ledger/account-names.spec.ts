import { Accounts, parseAccount } from './accounts';
import { decimalAmount, decimalsOf } from './decimal-amounts';

describe('account names and amounts as finance reads them', () => {
  it('reads every kind of ledger account, and nothing else', () => {
    expect(parseAccount(Accounts.programExpense('p-1', 'EUR'))).toEqual({ owner: 'program', ownerId: 'p-1', kind: 'expense', unit: 'EUR' });
    expect(parseAccount(Accounts.available('ada', 'months'))).toEqual({ owner: 'customer', ownerId: 'ada', kind: 'available', unit: 'months' });
    expect(parseAccount(Accounts.clawback('ada', 'EUR'))?.kind).toBe('clawback');
    for (const wrong of ['customer:ada:expense:EUR', 'program:p:available:EUR', 'customer:ada:available', 'bank:x:y:EUR', 'customer::available:EUR', 'customer:a:b:available:EUR'])
      expect(parseAccount(wrong)).toBeNull();
  });

  it.each([
    ['EUR', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['months', 0],
    ['points', 0],
  ])('gives %s %i decimals', (unit, decimals) => {
    expect(decimalsOf(unit)).toBe(decimals);
  });

  it.each([
    [123_456, 2, '1234.56'],
    [-5, 2, '-0.05'],
    [0, 2, '0.00'],
    [7, 0, '7'],
    [Number.MAX_SAFE_INTEGER, 3, '9007199254740.991'],
  ])('writes %i with %i decimals as %s, exactly', (minor, decimals, written) => {
    expect(decimalAmount(minor, decimals)).toBe(written);
  });
});

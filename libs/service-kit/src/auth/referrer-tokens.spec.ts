import jwt from 'jsonwebtoken';
import { ReferrerTokens } from './referrer-tokens';

describe('referrer tokens', () => {
  const tokens = new ReferrerTokens(Buffer.alloc(32, 7));

  it('name the referrer they were issued to', () => {
    expect(tokens.verify(tokens.issue({ programId: 'p1', customerId: 'alice' }))).toEqual({ programId: 'p1', customerId: 'alice' });
  });

  it('refuse a token signed with another secret, an expired one, and one with alg none', () => {
    const forged = new ReferrerTokens(Buffer.alloc(32, 8)).issue({ programId: 'p1', customerId: 'alice' });
    expect(tokens.verify(forged)).toBeUndefined();
    expect(new ReferrerTokens(Buffer.alloc(32, 7), -10).verify(new ReferrerTokens(Buffer.alloc(32, 7), -10).issue({ programId: 'p1', customerId: 'a' }))).toBeUndefined();
    const unsigned = jwt.sign({ prg: 'p1' }, '', { algorithm: 'none', subject: 'alice', issuer: 'referral-ledger' });
    expect(tokens.verify(unsigned)).toBeUndefined();
    expect(tokens.verify('garbage')).toBeUndefined();
  });
});

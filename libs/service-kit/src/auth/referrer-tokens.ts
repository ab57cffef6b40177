import jwt from 'jsonwebtoken';

export interface ReferrerIdentity {
  programId: string;
  customerId: string;
}

/**
 * Signed tokens for referrer-facing routes (`/v1/me/…`): HS256 JWTs naming one referrer of one program,
 * so a token only ever sees its own data.
 */
export class ReferrerTokens {
  constructor(
    private readonly secret: Buffer,
    private readonly lifetime: jwt.SignOptions['expiresIn'] = '180d',
  ) {}

  issue(identity: ReferrerIdentity): string {
    return jwt.sign({ prg: identity.programId }, this.secret, { algorithm: 'HS256', subject: identity.customerId, expiresIn: this.lifetime, issuer: 'referral-ledger' });
  }

  /** The identity in a valid token, or undefined for a forged, expired or malformed one. */
  verify(token: string): ReferrerIdentity | undefined {
    try {
      const claims = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: 'referral-ledger' }) as jwt.JwtPayload;
      return typeof claims.sub === 'string' && typeof claims.prg === 'string' ? { programId: claims.prg, customerId: claims.sub } : undefined;
    } catch {
      return undefined;
    }
  }
}

import { Inject, Injectable, UnauthorizedException, UseGuards, applyDecorators, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { ErrorResponse } from '../api-docs/error-response';
import { Public } from './access.decorators';
import type { ReferrerIdentity, ReferrerTokens } from './referrer-tokens';

export const REFERRER_TOKENS = Symbol('REFERRER_TOKENS');
/** The OpenAPI security scheme of referrer tokens. */
export const REFERRER_TOKEN_SCHEME = 'referrer-token';

type ReferrerRequest = Request & { referrer?: ReferrerIdentity };

/** Referrer-facing routes: `Authorization: Bearer <referrer token>`; the token's referrer is all it can see. */
@Injectable()
export class ReferrerTokenGuard implements CanActivate {
  constructor(@Inject(REFERRER_TOKENS) private readonly tokens: ReferrerTokens) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<ReferrerRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const identity = scheme === 'Bearer' && token ? this.tokens.verify(token) : undefined;
    if (!identity) throw new UnauthorizedException('A valid referrer token is required');
    request.referrer = identity;
    return true;
  }
}

/** Marks a route as the referrer's own: no API key, a referrer token instead. */
export const ReferrerRoute = () =>
  applyDecorators(
    Public(),
    UseGuards(ReferrerTokenGuard),
    ApiSecurity(REFERRER_TOKEN_SCHEME),
    ApiUnauthorizedResponse({ type: ErrorResponse, description: 'no valid referrer token' }),
  );

/** The referrer named by the token of a `@ReferrerRoute()`. */
export const CurrentReferrer = createParamDecorator((_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<ReferrerRequest>().referrer);

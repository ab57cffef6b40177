import { createHash } from 'node:crypto';
import { ForbiddenException, Injectable, UnauthorizedException, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { roleOfKey, type ApiKey, type Role } from './api-keys';
import { PUBLIC_METADATA, ROLES_METADATA } from './access.decorators';

export const API_KEYS = Symbol('API_KEYS');

type CallerRequest = Request & { role?: Role; caller?: string };

/** Who called a keyed route, for the record: the role and a fingerprint of the key (never the key), e.g. `admin:3fa2c1d9`. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): string => context.switchToHttp().getRequest<CallerRequest>().caller ?? 'unknown');

/** Bearer API keys with roles. Fails closed: a route that declares no roles and is not public is refused. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: readonly ApiKey[],
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) return true;
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_METADATA, targets) ?? [];
    const request = context.switchToHttp().getRequest<CallerRequest>();
    const [scheme, key] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !key) throw new UnauthorizedException('Missing "Authorization: Bearer <key>" header');
    const role = roleOfKey(key, this.keys);
    if (!role) throw new UnauthorizedException('Unknown API key');
    if (!allowed.includes(role)) throw new ForbiddenException(`This route needs one of the roles: ${allowed.join(', ') || '(none declared)'}`);
    request.role = role;
    request.caller = `${role}:${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
    return true;
  }
}

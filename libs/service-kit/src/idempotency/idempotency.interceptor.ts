import { createHash } from 'node:crypto';
import { ConflictException, HttpStatus, Injectable, UnprocessableEntityException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { errorBody } from '../errors/error-body';
import type { IdempotencyStore } from './idempotency-store';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * `Idempotency-Key` on POST: the first request runs and its response is stored; a retry with the same key
 * and body gets that response again (header `Idempotent-Replayed: true`); the same key with another body is a 422.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly store: IdempotencyStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { role?: string }>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (request.method !== 'POST' || typeof key !== 'string') return next.handle();
    if (key.length === 0 || key.length > 255) throw new UnprocessableEntityException(errorBody(422, 'Idempotency-Key must be 1 to 255 characters'));

    const response = context.switchToHttp().getResponse<Response>();
    const scope = `${request.role ?? 'public'} ${request.method} ${request.originalUrl}`;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(request.body ?? null))
      .digest('base64url');
    const statusCode = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;

    return from(
      (async () => {
        const claim = await this.store.claim(scope, key, fingerprint);
        if (claim.outcome === 'mismatch') throw new UnprocessableEntityException('This Idempotency-Key was used with a different request body');
        if (claim.outcome === 'in_progress') throw new ConflictException('A request with this Idempotency-Key is still in progress');
        if (claim.outcome === 'completed') {
          response.status(claim.statusCode).setHeader('Idempotent-Replayed', 'true');
          return claim.body;
        }
        try {
          const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
          await this.store.complete(scope, key, statusCode, body);
          return body;
        } catch (error) {
          await this.store.release(scope, key);
          throw error;
        }
      })(),
    );
  }
}

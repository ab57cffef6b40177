import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** The request's correlation id (the caller's, or the one request logging gave it), for the events it causes. */
export const CorrelationId = createParamDecorator((_data: unknown, context: ExecutionContext): string => String(context.switchToHttp().getRequest<Request>().id));

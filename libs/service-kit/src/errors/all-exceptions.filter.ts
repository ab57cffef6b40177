import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { throwError, type Observable } from 'rxjs';
import { IllegalStateError, InvalidInputError, UnknownSubjectError } from '@referral-ledger/decider';
import { WrongExpectedVersionError } from '@referral-ledger/event-store';
import { isTransientError } from '@referral-ledger/resilience';
import { IntakeSaturatedError } from '../intake/intake-gate';
import { errorBody, type ErrorBody } from './error-body';

/** Every HTTP error leaves as `{statusCode, error, message, details?}`; unexpected ones are logged, not leaked. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    // Message handlers: hand the original error back to the transport, which retries or dead-letters it.
    if (host.getType() !== 'http') return throwError(() => exception);
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    // The database or broker is away for a moment: nothing was accepted, and the caller should simply try again.
    if (body.statusCode === 503) response.setHeader('Retry-After', '1');
    if (exception instanceof IntakeSaturatedError) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    // Domain refusals are the caller's business, not server faults.
    if (exception instanceof InvalidInputError) return errorBody(400, 'Invalid request', exception.problems);
    if (exception instanceof IllegalStateError) return errorBody(409, exception.message);
    if (exception instanceof UnknownSubjectError) return errorBody(404, exception.message);
    if (exception instanceof WrongExpectedVersionError) return errorBody(409, 'Changed by someone else meanwhile: retry');
    if (exception instanceof IntakeSaturatedError) return errorBody(429, exception.message);
    if (isTransientError(exception)) return errorBody(503, 'Temporarily unavailable (database or broker unreachable): nothing was accepted, retry shortly');
    const clientError = asClientError(exception);
    if (clientError) return clientError;
    if (!(exception instanceof HttpException)) return errorBody(500, 'Internal server error');
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'string') return errorBody(status, response);
    const { message, details } = response as { message?: string | string[]; details?: ErrorBody['details'] };
    return errorBody(status, Array.isArray(message) ? message.join('; ') : (message ?? exception.message), details);
  }
}

/** Errors of the body parser (http-errors): too large, unsupported charset or encoding, broken JSON or gzip. */
function asClientError(exception: unknown): ErrorBody | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { status, expose, message, type } = exception as { status?: unknown; expose?: unknown; message?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500 || expose !== true) return undefined;
  const reason = type === 'entity.too.large' ? 'Request body too large' : typeof message === 'string' ? message : 'Bad request';
  return errorBody(status, reason);
}

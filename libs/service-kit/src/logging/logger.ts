import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export const CORRELATION_HEADER = 'x-correlation-id';

/** Secrets and personal data that must never reach a log line: credentials, cookies, and visitors' addresses. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-forwarded-for"]',
  'req.headers["x-real-ip"]',
  'req.headers["cf-connecting-ip"]',
  'req.headers["true-client-ip"]',
  'req.remoteAddress',
  'req.remotePort',
  'res.headers["set-cookie"]',
];

/** Query parameters that carry credentials (the referrer page's `?token=`). */
const SECRET_PARAMETERS = /([?&](?:token|access_token|api_key|key|signature)=)[^&#]*/gi;

export function createLogger(level: string, service: string, destination?: pino.DestinationStream): Logger {
  const options = { level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(SECRET_PARAMETERS, '$1[redacted]');
}

/** Request logs as JSON lines, each with the caller's correlation id (or a new one), echoed in the response. */
export function requestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (request, response) => {
      const given = request.headers[CORRELATION_HEADER];
      const id = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
      response.setHeader(CORRELATION_HEADER, id);
      return id;
    },
    customAttributeKeys: { reqId: 'correlationId' },
    serializers: {
      req: (request: { url?: string; query?: Record<string, unknown> }) => ({ ...request, url: redactUrl(request.url), query: undefined }),
    },
    autoLogging: { ignore: (request) => request.url === '/metrics' || request.url?.startsWith('/health') === true },
  });
}

/** Nest's own messages through the same JSON logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

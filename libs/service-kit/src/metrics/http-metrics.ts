import type { NextFunction, Request, Response } from 'express';
import { Histogram, collectDefaultMetrics, type Registry } from 'prom-client';

/** Process metrics plus a request-duration histogram labelled by route template (not raw URL: bounded labels). */
export function httpMetrics(registry: Registry) {
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return (request: Request, response: Response, next: NextFunction) => {
    const stop = duration.startTimer();
    response.on('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      stop({ method: request.method, route: `${request.baseUrl}${route}`, status: String(response.statusCode) });
    });
    next();
  };
}

import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, Reflector } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ApiKey } from './auth/api-keys';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AllExceptionsFilter } from './errors/all-exceptions.filter';
import { strictValidationPipe } from './errors/validation';
import { HealthController } from './health/health.controller';
import { READINESS_CHECKS, type ReadinessCheck } from './health/readiness-check';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import type { IdempotencyStore } from './idempotency/idempotency-store';
import { requestLogging } from './logging/logger';
import { httpMetrics } from './metrics/http-metrics';
import { METRICS_REGISTRY, MetricsController } from './metrics/metrics.controller';

export interface ServiceKitOptions {
  apiKeys: readonly ApiKey[];
  registry: Registry;
  readinessChecks: ReadinessCheck[];
  idempotency: IdempotencyStore;
}

/**
 * What every HTTP service shares: role-checked API keys on every route, one error format with field
 * details, Idempotency-Key on POSTs, /health/live, /health/ready and /metrics.
 */
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitOptions): DynamicModule {
    return {
      module: ServiceKitModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: READINESS_CHECKS, useValue: options.readinessChecks },
        { provide: METRICS_REGISTRY, useValue: options.registry },
        { provide: APP_GUARD, useFactory: (reflector: Reflector) => new ApiKeyGuard(reflector, options.apiKeys), inject: [Reflector] },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: strictValidationPipe },
        { provide: APP_INTERCEPTOR, useFactory: (reflector: Reflector) => new IdempotencyInterceptor(reflector, options.idempotency), inject: [Reflector] },
      ],
    };
  }
}

/** Express middleware that must wrap every request: JSON request logs with correlation ids, and HTTP metrics. */
export function useServiceKitMiddleware(app: INestApplication, logger: Logger, registry: Registry): void {
  app.use(requestLogging(logger));
  app.use(httpMetrics(registry));
}

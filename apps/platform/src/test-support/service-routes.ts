import type { DynamicModule, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { analyticsService } from '@referral-ledger/analytics-service';
import { attributionService } from '@referral-ledger/attribution-service';
import { fraudService } from '@referral-ledger/fraud-service';
import { rewardsService } from '@referral-ledger/rewards-service';
import { hostConfigSchema, type HostContext, type ServiceDefinition } from '@referral-ledger/service-host';
import { ReferrerTokens, loadConfig } from '@referral-ledger/service-kit';
import { webhooksService } from '@referral-ledger/webhooks';

/** What each app of distributed mode hosts, as its apps/<app>/src/main.ts does: the deployment files must agree. */
export const DISTRIBUTED_APPS = {
  attribution: [attributionService],
  fraud: [fraudService],
  rewards: [rewardsService],
  analytics: [analyticsService, webhooksService],
} as const satisfies Record<string, readonly ServiceDefinition[]>;
export type DistributedApp = keyof typeof DISTRIBUTED_APPS;
export const DISTRIBUTED_APP_NAMES = Object.keys(DISTRIBUTED_APPS) as DistributedApp[];

export interface ServiceRoute {
  method: string;
  /** An example path: every `:param` (Nest) or `{param}` (OpenAPI) filled in. */
  path: string;
}

/**
 * The HTTP routes a service definition serves, read from its controllers' metadata and its documented extra paths,
 * without starting anything: what a gateway in front of it must route to it.
 */
export function routesOf(definition: ServiceDefinition): ServiceRoute[] {
  const config = loadConfig(hostConfigSchema, {});
  // Modules only keep the context for their providers; nothing here is started, so the infrastructure is never used.
  const context = { config, infrastructure: {}, referrerTokens: new ReferrerTokens(Buffer.from(config.REFERRER_TOKEN_SECRET, 'base64')) } as unknown as HostContext;
  const routes = controllersOf(definition.module(context)).flatMap(controllerRoutes);
  const documented = Object.entries(definition.docs?.paths ?? {}).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path: example(path) })),
  );
  return [...routes, ...documented];
}

function controllersOf(module: Type | DynamicModule): Type[] {
  const dynamic = 'module' in module ? (module as DynamicModule) : undefined;
  const moduleType = dynamic ? dynamic.module : (module as Type);
  return [...(dynamic?.controllers ?? []), ...(Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, moduleType) ?? [])];
}

function controllerRoutes(controller: Type): ServiceRoute[] {
  const bases: string[] = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat();
  const prototype = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).flatMap((name) => {
    const handler = prototype[name];
    if (name === 'constructor' || typeof handler !== 'function') return [];
    const paths: string[] | undefined = Reflect.getMetadata(PATH_METADATA, handler);
    const method: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
    if (paths === undefined || method === undefined) return [];
    return bases.flatMap((base) => [paths].flat().map((path) => ({ method: RequestMethod[method], path: example(`/${base}/${path}`) })));
  });
}

/** `/v1/programs/:programId` or `/v1/programs/{programId}` → `/v1/programs/programId-1`. */
export function example(path: string): string {
  const normalised = path.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  return normalised.replace(/:(\w+)|\{(\w+)\}/g, (_, nest, openapi) => `${nest ?? openapi}-1`);
}

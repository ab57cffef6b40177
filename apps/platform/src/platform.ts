import type { Logger } from 'pino';
import { analyticsService } from '@referral-ledger/analytics-service';
import { attributionService } from '@referral-ledger/attribution-service';
import { fraudService } from '@referral-ledger/fraud-service';
import { rewardsService } from '@referral-ledger/rewards-service';
import { startServices, type HostConfig, type RunningServices } from '@referral-ledger/service-host';

/** All four services in one process (DESIGN.md §9). */
export const PLATFORM_SERVICES = [attributionService, fraudService, rewardsService, analyticsService];

export type RunningPlatform = RunningServices;

export function startPlatform(config: HostConfig, logger: Logger, clock?: () => Date): Promise<RunningPlatform> {
  return startServices(PLATFORM_SERVICES, config, logger, clock);
}

import type { Logger } from 'pino';
import { analyticsService } from '@referral-ledger/analytics-service';
import { attributionService } from '@referral-ledger/attribution-service';
import { fraudService } from '@referral-ledger/fraud-service';
import { rewardsService } from '@referral-ledger/rewards-service';
import { startServices, type HostConfig, type RunningServices } from '@referral-ledger/service-host';
import { webhooksService } from '@referral-ledger/webhooks';

/** All four services in one process (DESIGN.md §9), and the webhooks that deliver their outbound events. */
export const PLATFORM_SERVICES = [attributionService, fraudService, rewardsService, analyticsService, webhooksService];

export type RunningPlatform = RunningServices;

export function startPlatform(config: HostConfig, logger: Logger, clock?: () => Date): Promise<RunningPlatform> {
  return startServices(PLATFORM_SERVICES, config, logger, clock);
}

import { z } from 'zod';
import { booleanFlag, serviceConfigSchema } from '@referral-ledger/service-kit';

/** What a process hosting one or more services reads, on top of every service's settings. */
export const hostConfigSchema = serviceConfigSchema.and(
  z.object({
    /** Where the embedded database lives when DATABASE_URL is not set. */
    DATA_DIR: z.string().default('./data'),
    /** How often rewards whose hold is over are offered for release. */
    HOLD_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).default(1_000),
    /** How long a lifecycle event that came before its customer's signup waits for it before it is dead-lettered. */
    OUT_OF_ORDER_WAIT_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(30 * 86_400)
      .default(86_400),
    /** Readiness turns 503 when a projection, the relay or a consumer group is this far behind (or stuck). */
    MAX_LAG_SECONDS: z.coerce.number().min(1).default(60),
    /** Intake (POST /v1/platform-events) answers 429 with Retry-After while the platform is this far behind. */
    INTAKE_MAX_LAG_SECONDS: z.coerce.number().min(0.1).default(10),
    /** Webhook URLs may point at loopback, private or link-local addresses (tests, a receiver beside the platform). Off: no SSRF. */
    WEBHOOK_ALLOW_PRIVATE_TARGETS: booleanFlag('false'),
    /** How long a webhook delivery is retried (exponential backoff) before it is listed as failed. */
    WEBHOOK_RETRY_HOURS: z.coerce
      .number()
      .min(0.01)
      .max(24 * 7)
      .default(24),
  }),
);

export type HostConfig = z.infer<typeof hostConfigSchema>;

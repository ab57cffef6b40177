import { z } from 'zod';
import { serviceConfigSchema } from '@referral-ledger/service-kit';

/** What a process hosting one or more services reads, on top of every service's settings. */
export const hostConfigSchema = serviceConfigSchema.and(
  z.object({
    /** Where the embedded database lives when DATABASE_URL is not set. */
    DATA_DIR: z.string().default('./data'),
    /** How often rewards whose hold is over are offered for release. */
    HOLD_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).default(1_000),
  }),
);

export type HostConfig = z.infer<typeof hostConfigSchema>;

import { z } from 'zod';
import { serviceConfigSchema } from '@referral-ledger/service-kit';

/** The embedded platform's settings on top of every service's: where its embedded database lives. */
export const platformConfigSchema = serviceConfigSchema.and(
  z.object({
    DATA_DIR: z.string().default('./data'),
    /** How often rewards whose hold is over are offered for release. */
    HOLD_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).default(1_000),
  }),
);

export type PlatformConfig = z.infer<typeof platformConfigSchema>;

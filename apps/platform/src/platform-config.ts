import { z } from 'zod';
import { serviceConfigSchema } from '@referral-ledger/service-kit';

/** The embedded platform's settings on top of every service's: where its embedded database lives. */
export const platformConfigSchema = serviceConfigSchema.and(
  z.object({
    DATA_DIR: z.string().default('./data'),
  }),
);

export type PlatformConfig = z.infer<typeof platformConfigSchema>;

import { z } from 'zod';
import { parseApiKeys } from '../auth/api-keys';

/** An environment flag: `true` or `false`, nothing else. */
export const booleanFlag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false'])
    .default(fallback)
    .transform((value) => value === 'true');

const base64Key = (bytes: number) => z.string().refine((value) => Buffer.from(value, 'base64').length === bytes, `must be ${bytes} bytes, base64-encoded`);

/** Development defaults, printed at start-up and refused in production. */
export const DEVELOPMENT_DEFAULTS = {
  PII_MASTER_KEY: Buffer.alloc(32, 'referral-ledger-dev-master-key!!').toString('base64'),
  BLIND_INDEX_PEPPER: Buffer.alloc(32, 'referral-ledger-dev-pepper-value').toString('base64'),
  REFERRER_TOKEN_SECRET: Buffer.alloc(32, 'referral-ledger-dev-token-secret').toString('base64'),
} as const;

/** The variables every service reads (DESIGN.md §7–§9). Services extend it with their own. */
export const serviceConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    /** 127.0.0.1 keeps a development platform off the network; containers set 0.0.0.0. */
    HOST: z.string().default('127.0.0.1'),
    /** Where customers reach the platform (share links, QR codes); defaults to http://HOST:PORT. */
    PUBLIC_BASE_URL: z.string().url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    API_KEYS: z
      .string()
      .optional()
      .superRefine((value, context) => {
        if (value === undefined) return;
        try {
          parseApiKeys(value);
        } catch (error) {
          context.addIssue({ code: 'custom', message: (error as Error).message });
        }
      }),
    DATABASE_URL: z.string().url().optional(),
    KAFKA_BROKERS: z
      .string()
      .regex(/^[^,\s]+(,[^,\s]+)*$/, 'must be host:port[,host:port…]')
      .optional(),
    /** Idempotent producer with acks=all; only a test broker that cannot do it (librdkafka's mock) turns it off. */
    KAFKA_IDEMPOTENT_PRODUCER: booleanFlag('true'),
    /** Only for development and test brokers; production topics are created by deploy/kafka/create-topics.sh. */
    KAFKA_AUTO_CREATE_TOPICS: booleanFlag('false'),
    /** Longest a consumer's fetch waits for data. Real brokers answer as soon as data arrives; librdkafka's mock broker always waits this long. */
    KAFKA_FETCH_MAX_WAIT_MS: z.coerce.number().int().min(1).max(10_000).default(100),
    EVENTSTORE_URL: z.string().startsWith('esdb://').optional(),
    PII_MASTER_KEY: base64Key(32).default(DEVELOPMENT_DEFAULTS.PII_MASTER_KEY),
    BLIND_INDEX_PEPPER: base64Key(32).default(DEVELOPMENT_DEFAULTS.BLIND_INDEX_PEPPER),
    REFERRER_TOKEN_SECRET: base64Key(32).default(DEVELOPMENT_DEFAULTS.REFERRER_TOKEN_SECRET),
  })
  .superRefine((config, context) => {
    if (config.NODE_ENV !== 'production') return;
    for (const [name, value] of Object.entries(DEVELOPMENT_DEFAULTS)) {
      if (config[name as keyof typeof DEVELOPMENT_DEFAULTS] === value) {
        context.addIssue({ code: 'custom', path: [name], message: 'must be set in production (the development default is public)' });
      }
    }
    if (!config.API_KEYS) context.addIssue({ code: 'custom', path: ['API_KEYS'], message: 'must be set in production' });
  });

export type ServiceConfig = z.infer<typeof serviceConfigSchema>;

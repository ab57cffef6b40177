import { CUSTOMER_EVENT_SCHEMAS, Topics } from '@referral-ledger/contracts';
import { BlindIndex, DataKeys, PiiCipher } from '@referral-ledger/privacy';
import type { ServiceDefinition } from '@referral-ledger/service-host';
import { AttributionModule } from './attribution.module';
import { SHARE_LINK_PATHS } from './links/share-link-docs';
import { ShareLinks } from './links/share-links';
import { ATTRIBUTION_GROUP } from './attribution-consumer';

export const attributionService: ServiceDefinition = {
  name: 'attribution',
  module: ({ config, infrastructure, referrerTokens }) =>
    AttributionModule.register({
      publicBaseUrl: config.PUBLIC_BASE_URL ?? `http://${config.HOST}:${config.PORT}`,
      cipher: new PiiCipher(new DataKeys(infrastructure.pool, Buffer.from(config.PII_MASTER_KEY, 'base64'))),
      blindIndex: new BlindIndex(Buffer.from(config.BLIND_INDEX_PEPPER, 'base64')),
      referrerTokens,
    }),
  consumers: [{ group: ATTRIBUTION_GROUP, topics: [Topics.customerEvents, Topics.rewards, Topics.fraud] }],
  projections: () => [],
  started: (app) => app.get(ShareLinks).serveAhead(app.getHttpServer()),
  // The envelope's `data` refers to each type's schema by its name.
  docs: { paths: SHARE_LINK_PATHS, schemas: JSON.parse(JSON.stringify(CUSTOMER_EVENT_SCHEMAS)) },
};

import { Wakeup } from '@referral-ledger/event-store';
import { BlindIndex } from '@referral-ledger/privacy';
import type { ServiceDefinition } from '@referral-ledger/service-host';
import { fraudFactsProjection } from './facts/fraud-facts-projection';
import { FraudModule } from './fraud.module';
import { assessmentsProjection } from './reviews/assessments-projection';
import { ReferralScreener, SCREENING_DEAD_LETTERS } from './screening/referral-screener';

/** One per process: the facts projection rings it, the screener of the same process wakes. */
const screeningWakeup = new Wakeup();
const blindIndexOf = (pepper: string) => new BlindIndex(Buffer.from(pepper, 'base64'));

export const fraudService: ServiceDefinition = {
  name: 'fraud',
  module: ({ config, infrastructure }) =>
    FraudModule.register({ blindIndex: blindIndexOf(config.BLIND_INDEX_PEPPER), screeningWakeup, deadLetters: infrastructure.deadLetterStore }),
  // Fraud consumes no messages one by one: what it learns from the public topics feeds its facts projection.
  consumers: [],
  projections: (config) => [fraudFactsProjection(blindIndexOf(config.BLIND_INDEX_PEPPER), () => screeningWakeup.notify()), assessmentsProjection],
  replayers: (app) => ({ [SCREENING_DEAD_LETTERS]: app.get(ReferralScreener) }),
  started: (app) => app.get(ReferralScreener).start(),
  backlog: (app) => app.get(ReferralScreener).queued(),
};

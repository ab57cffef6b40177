import { Topics } from '@referral-ledger/contracts';
import type { ServiceDefinition } from '@referral-ledger/service-host';
import { HoldSweep } from './holds/hold-sweep';
import { pendingReleasesProjection } from './holds/pending-releases-projection';
import { ledgerProjection } from './ledger/ledger-projection';
import { hashChainProjection } from './ledger/hash-chain-projection';
import { referralStatusProjection } from './referrer-view/referral-status-projection';
import { rewardStatusProjection } from './referrer-view/reward-status-projection';
import { RewardsModule } from './rewards.module';
import { NOTIFICATIONS_GROUP, REWARDS_GROUP } from './rewards-consumer';

export const rewardsService: ServiceDefinition = {
  name: 'rewards',
  module: () => RewardsModule,
  consumers: [
    // The inbound topic for the referrer's recurring shares in the referee's later payments.
    { group: REWARDS_GROUP, topics: [Topics.attribution, Topics.fraud, Topics.customerEvents] },
    { group: NOTIFICATIONS_GROUP, topics: [Topics.attribution, Topics.rewards] },
  ],
  projections: () => [ledgerProjection, hashChainProjection, pendingReleasesProjection, rewardStatusProjection, referralStatusProjection],
  started: (app, config) => app.get(HoldSweep).start(config.HOLD_SWEEP_INTERVAL_MS),
};

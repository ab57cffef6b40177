import { pendingReleasesProjection } from './holds/pending-releases-projection';
import { ledgerProjection } from './ledger/ledger-projection';
import { referrerViewProjection } from './referrer-view/referrer-view-projection';

export { RewardsModule } from './rewards.module';
export { rewardIdOf } from './granting/reward-granting';
export { HoldSweep } from './holds/hold-sweep';
export type { ProgramView } from './programs/program-view';

/** The read models the rewards service needs running. */
export const REWARDS_PROJECTIONS = [ledgerProjection, pendingReleasesProjection, referrerViewProjection];

export { RewardsModule } from './rewards.module';
export { rewardIdOf } from './granting/reward-granting';
export type { ProgramView } from './programs/program-view';

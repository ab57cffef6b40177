export { RewardsModule } from './rewards.module';
export { rewardsService } from './rewards-service';
export { rewardIdOf } from './granting/reward-granting';
export type { ProgramView } from './programs/program-view';

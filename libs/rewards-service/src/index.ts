export { RewardsModule } from './rewards.module';
export type { ProgramView } from './programs/program-view';

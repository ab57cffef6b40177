export { projectionSchema, tablesOf, type Projected, type Projection } from './projection';
export { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';
export { PROJECTION_MIGRATIONS } from './schema';
export { CheckpointOriginError, Checkpoints } from './checkpoints';
export { ParkedEvents, type ParkedEvent } from './parking/parked-events';
export { lagSeconds, largestLagSeconds, reportSubscriberLag, type LaggingSubscriber } from './subscriber-lag';

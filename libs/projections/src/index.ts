export { applyByEventType, type EventApplier, type Projection } from './projection';
export { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';
export { PROJECTION_MIGRATIONS } from './schema';

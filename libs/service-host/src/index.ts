export { hostConfigSchema, type HostConfig } from './host-config';
export type { Infrastructure } from './infrastructure';
export type { ConsumerGroup, HostContext, ServiceDefinition } from './service-definition';
export { routeToPublicTopics, startServices, type RunningServices } from './start-services';
export { runServices } from './run-services';
export { rebuildProjections } from './rebuild-projections';
export { migrationsCommand } from './migrations-command';
export { schemaOf } from './database';

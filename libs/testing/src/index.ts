export { createTestDatabase, type TestDatabase } from './postgres-database';
export { describeWith, serverAddress, serverUnavailable, type TestServer } from './test-servers';
export { KafkaApi, KafkaTestBroker } from './kafka-test-broker';
export { ControllableClock } from './clock';
export { anEvent, numberedEvents } from './event-builders';
export { eventually } from './eventually';
export { aProgramDefinition } from './program-builders';
export { freePort, startPlatformProcess, type PlatformProcess } from './load/platform-process';
export { ReferralFlows, type Flow } from './load/referral-flows';

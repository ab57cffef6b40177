import type { ExpectedVersion } from './event-store';

export type ActualVersion = bigint | 'no_stream';

export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedVersion,
    readonly actual: ActualVersion,
  ) {
    super(`Wrong expected version on stream "${streamName}": expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** An event id that is already stored somewhere else than as a retry of this very append. */
export class DuplicateEventIdError extends Error {
  constructor(
    readonly streamName: string,
    readonly eventIds: string[],
  ) {
    super(`Event ids already stored elsewhere, appending to "${streamName}": ${eventIds.join(', ')}`);
    this.name = 'DuplicateEventIdError';
  }
}

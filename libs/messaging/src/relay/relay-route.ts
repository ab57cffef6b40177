import type { RecordedEvent } from '@referral-ledger/event-store';

/** Where the relay publishes an event: its topic and the message key (the aggregate id). null: not published. */
export interface RelayRoute {
  topic: string;
  key: string;
  source: string;
}

export type RelayRouter = (event: RecordedEvent) => RelayRoute | null;

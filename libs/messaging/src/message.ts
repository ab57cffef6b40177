/** A message on its way to a topic: what the relay hands to Kafka or to the in-process bus. */
export interface OutgoingMessage {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** A message as a consumer receives it; `value` is whatever bytes were sent, valid or not. */
export interface IncomingMessage {
  topic: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Resolves once the transport has durably accepted every message (Kafka: acks from all in-sync replicas). */
export interface MessagePublisher {
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
}

/** Whatever a transport hands each incoming message to; usually a MessageProcessor. */
export interface MessageReceiver {
  process(message: IncomingMessage): Promise<unknown>;
}

import type { EventEnvelope } from './envelope/event-envelope';

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

/** A message handed to a receiver: its bytes as received, or (from the store-fed consumer) its decoded envelope, bytes made only if needed. */
export interface ReceivedMessage {
  received: Omit<IncomingMessage, 'value'> & { value?: Buffer | null };
  envelope?: EventEnvelope;
}

/** Whatever a transport hands its batches to (one partition, in order); usually a MessageProcessor. Resolves once all may be acknowledged. */
export interface MessageReceiver {
  receive(messages: readonly ReceivedMessage[]): Promise<void>;
}

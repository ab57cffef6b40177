import type { IncomingMessage, MessagePublisher, MessageReceiver, OutgoingMessage } from '../message';

interface Subscriber {
  group: string;
  topics: ReadonlySet<string>;
  processor: MessageReceiver;
  queue: Promise<void>;
}

/**
 * The embedded mode's transport: the same publisher and the same MessageProcessor as Kafka, inside one
 * process. Each subscriber group gets every message of its topics once, in publication order.
 */
export class InProcessBus implements MessagePublisher {
  private readonly subscribers: Subscriber[] = [];

  constructor(private readonly onError: (error: unknown, message: IncomingMessage) => void = () => undefined) {}

  subscribe(group: string, topics: readonly string[], processor: MessageReceiver): void {
    this.subscribers.push({ group, topics: new Set(topics), processor, queue: Promise.resolve() });
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    for (const message of messages) {
      const incoming: IncomingMessage = { topic: message.topic, key: message.key, value: message.value, headers: { ...message.headers } };
      for (const subscriber of this.subscribers.filter((s) => s.topics.has(message.topic))) {
        subscriber.queue = subscriber.queue.then(() => subscriber.processor.process(incoming).then(() => undefined, (error) => this.onError(error, incoming)));
      }
    }
  }

  /** Resolves once every message published so far has been processed by every subscriber. */
  async drain(): Promise<void> {
    let pending: Promise<void>[];
    do {
      pending = this.subscribers.map((s) => s.queue);
      await Promise.all(pending);
    } while (this.subscribers.some((s, i) => s.queue !== pending[i]));
  }
}

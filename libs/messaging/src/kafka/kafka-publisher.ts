import type { Admin, Producer } from 'kafkajs';
import type { MessagePublisher, OutgoingMessage } from '../message';
import { compressionOf, createKafka, producerConfig, type KafkaSettings } from './kafka-settings';

/** Publishes with acks from all in-sync replicas; one request per call, grouped by topic. */
export class KafkaPublisher implements MessagePublisher {
  private constructor(
    private readonly producer: Producer,
    private readonly admin: Admin,
    private readonly settings: KafkaSettings,
  ) {}

  static async connect(settings: KafkaSettings): Promise<KafkaPublisher> {
    const kafka = createKafka(settings);
    const producer = kafka.producer(producerConfig(settings));
    const admin = kafka.admin();
    await Promise.all([producer.connect(), admin.connect()]);
    return new KafkaPublisher(producer, admin, settings);
  }

  /** For readiness probes: throws unless a broker answers a metadata request now. */
  async checkConnection(): Promise<void> {
    await this.admin.describeCluster();
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const message of messages) byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);
    await this.producer.sendBatch({
      acks: -1,
      compression: compressionOf(this.settings),
      topicMessages: [...byTopic].map(([topic, topicMessages]) => ({
        topic,
        messages: topicMessages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  async disconnect(): Promise<void> {
    await Promise.all([this.producer.disconnect(), this.admin.disconnect()]);
  }
}

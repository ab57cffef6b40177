import { randomUUID } from 'node:crypto';
import { Controller, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload, type MicroserviceOptions } from '@nestjs/microservices';
import { describeWith, eventually } from '@referral-ledger/testing';
import { DeadLetterHeaders, TopicDeadLetterSink } from '../dead-letters/dead-letter-sink';
import { encodeEnvelope, type EventEnvelope } from '../envelope/event-envelope';
import { KafkaMessageConsumer } from '../kafka/kafka-consumer';
import { KafkaPublisher } from '../kafka/kafka-publisher';
import { anEnvelope, recordTopic, testKafkaSettings, uniqueTopic } from '../test-support/kafka-fixtures';
import { CloudEventsServer } from './cloud-events-server';
import { PassThroughRpcErrors } from './pass-through-rpc-errors.filter';

@Injectable()
class Payments {
  readonly received: EventEnvelope[] = [];
}

@Controller()
class PaymentsController {
  constructor(private readonly payments: Payments) {}

  @EventPattern('payment.succeeded')
  async onPayment(@Payload() event: EventEnvelope): Promise<void> {
    if ((event.data as { amount: number }).amount < 0) throw new Error('negative amount');
    this.payments.received.push(event);
  }
}

@Module({ controllers: [PaymentsController], providers: [Payments] })
class PaymentsModule {}

describeWith(['kafka'], 'CloudEventsServer: NestJS @EventPattern handlers on Kafka', () => {
  it('routes events to @EventPattern methods and dead-letters what they reject', async () => {
    const settings = testKafkaSettings();
    const topic = uniqueTopic('nest');
    const publisher = await KafkaPublisher.connect(settings);
    const dlq = await recordTopic(settings, [`${topic}.dlq`]);
    const app = await NestFactory.createMicroservice<MicroserviceOptions>(PaymentsModule, {
      logger: false,
      strategy: new CloudEventsServer({
        consumer: 'payments',
        deadLetters: new TopicDeadLetterSink(publisher),
        retry: { attempts: 2, initialDelayMs: 1 },
        source: (processor) => KafkaMessageConsumer.start(settings, { groupId: `nest-${randomUUID()}`, topics: [topic] }, processor),
      }),
    });
    app.useGlobalFilters(new PassThroughRpcErrors());
    await app.listen();
    try {
      const good = anEnvelope('payment.succeeded', { amount: 100 });
      const bad = anEnvelope('payment.succeeded', { amount: -1 });
      await publisher.publish([bad, good].map((e) => ({ topic, key: 'c1', value: encodeEnvelope(e), headers: {} })));
      const payments = app.get(Payments);
      await eventually(() => payments.received.length === 1 && dlq.messages.length === 1, 30_000);
      expect(payments.received[0].id).toBe(good.id);
      expect(dlq.messages[0].headers[DeadLetterHeaders.error]).toMatch(/negative amount/);
    } finally {
      await app.close();
      await dlq.stop();
      await publisher.disconnect();
    }
  });
});

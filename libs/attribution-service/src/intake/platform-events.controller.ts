import { BadRequestException, Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CUSTOMER_EVENT_SCHEMAS, SchemaValidator, Topics } from '@referral-ledger/contracts';
import { CLOUDEVENTS_CONTENT_TYPE, InvalidMessageError, encodeEnvelope, validateEnvelope, type MessagePublisher } from '@referral-ledger/messaging';
import { MESSAGE_PUBLISHER, Roles, errorBody } from '@referral-ledger/service-kit';

const schemas = new SchemaValidator(CUSTOMER_EVENT_SCHEMAS);

/**
 * The HTTP door to `platform.customer-events.v1`: the same CloudEvents envelope and schemas as Kafka.
 * A valid event is published to the topic (202 once the transport accepted it) and handled like any other.
 */
@Roles('integration')
@Controller('v1/platform-events')
export class PlatformEventsController {
  constructor(@Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher) {}

  @Post()
  @HttpCode(202)
  async accept(@Body() body: unknown): Promise<{ accepted: string }> {
    let envelope;
    try {
      envelope = validateEnvelope(body);
    } catch (error) {
      if (error instanceof InvalidMessageError) throw new BadRequestException(errorBody(400, error.message));
      throw error;
    }
    const verdict = schemas.validate(envelope.type, envelope.data);
    if (!verdict.ok && verdict.reason === 'unknown_schema') {
      throw new BadRequestException(errorBody(400, `Unknown event type "${envelope.type}"`, [{ field: 'type', message: `must be one of ${Object.keys(CUSTOMER_EVENT_SCHEMAS).join(', ')}` }]));
    }
    if (!verdict.ok) {
      throw new BadRequestException(errorBody(400, `Invalid data for ${envelope.type}`, verdict.errors.map((e) => ({ field: `data${e.field.replaceAll('/', '.')}`, message: e.message }))));
    }
    const customerId = (envelope.data as { customerId: string }).customerId;
    await this.publisher.publish([{ topic: Topics.customerEvents, key: customerId, value: encodeEnvelope(envelope), headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE } }]);
    return { accepted: envelope.id };
  }
}

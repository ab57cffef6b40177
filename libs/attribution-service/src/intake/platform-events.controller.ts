import { BadRequestException, Body, ConflictException, Controller, HttpCode, Inject, Optional, Post } from '@nestjs/common';
import { CUSTOMER_EVENT_SCHEMAS, SchemaValidator } from '@referral-ledger/contracts';
import { DuplicateEventIdError, type EventStore } from '@referral-ledger/event-store';
import { Inbox, InvalidMessageError, validateEnvelope } from '@referral-ledger/messaging';
import { EVENT_STORE, INTAKE_GATE, Roles, errorBody, type IntakeGate } from '@referral-ledger/service-kit';

const schemas = new SchemaValidator(CUSTOMER_EVENT_SCHEMAS);

/**
 * The HTTP door to `platform.customer-events.v1`: the same CloudEvents envelope and schemas as Kafka.
 * 202 means committed: the event is in the event store's inbox before the answer leaves, and a resent
 * event (same source and id) is the same event.
 */
@Roles('integration')
@Controller('v1/platform-events')
export class PlatformEventsController {
  private readonly inbox: Inbox;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Optional() @Inject(INTAKE_GATE) private readonly gate?: IntakeGate,
  ) {
    this.inbox = new Inbox(store);
  }

  @Post()
  @HttpCode(202)
  async accept(@Body() body: unknown): Promise<{ accepted: string }> {
    // Backpressure first: a saturated platform refuses before doing any work (429, Retry-After).
    this.gate?.admit();
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
    const { customerId } = envelope.data as { customerId: string };
    try {
      await this.inbox.accept(envelope, customerId, 'integration');
    } catch (error) {
      if (error instanceof DuplicateEventIdError) throw new ConflictException(errorBody(409, `Event ${envelope.id} from ${envelope.source} was already accepted for another customer`));
      throw error;
    }
    return { accepted: envelope.id };
  }
}

import { BadRequestException, Body, ConflictException, Controller, HttpCode, Inject, Optional, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { cloudEventEnvelopeSchema } from '@referral-ledger/contracts';
import { DuplicateEventIdError, type EventStore } from '@referral-ledger/event-store';
import { Inbox, messageIdentity, type EventEnvelope } from '@referral-ledger/messaging';
import { CLOCK, ErrorResponse, EVENT_STORE, INTAKE_GATE, Roles, errorBody, openApiSchema, type Clock, type ErrorBody, type IntakeGate } from '@referral-ledger/service-kit';
import { admitPlatformEvent } from './platform-event-admission';

/** CloudEvents batch mode: one JSON array per request, bounded so one request stays one short commit. */
export const MAX_BATCH_EVENTS = 1_000;

const envelope = cloudEventEnvelopeSchema((type) => `#/components/schemas/${type}`);

export type BatchResult = { index: number; id?: string; status: 202 } | { index: number; id?: string; status: 400 | 409; error: ErrorBody };

/**
 * The HTTP door to `platform.customer-events.v1`: the same CloudEvents envelope and schemas as Kafka.
 * 202 means committed: the event is in the event store's inbox before the answer leaves, and a resent
 * event (same source and id) is the same event.
 */
@ApiTags('platform events')
@ApiResponse({ status: 429, type: ErrorResponse, description: 'the platform is too far behind: retry after `Retry-After` seconds' })
@Roles('integration')
@Controller('v1/platform-events')
export class PlatformEventsController {
  private readonly inbox: Inbox;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(INTAKE_GATE) private readonly gate?: IntakeGate,
  ) {
    this.inbox = new Inbox(store);
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'One event of platform.customer-events.v1 (CloudEvents 1.0, structured JSON)' })
  @ApiBody({ schema: openApiSchema(envelope) })
  @ApiResponse({ status: 202, description: 'committed', schema: { type: 'object', properties: { accepted: { type: 'string' } } } })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'not a valid envelope, unknown type or invalid data (each field named)' })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'this source and id were accepted for another customer' })
  async accept(@Body() body: unknown): Promise<{ accepted: string }> {
    // Backpressure first: a saturated platform refuses before doing any work (429, Retry-After).
    this.gate?.admit();
    const admission = admitPlatformEvent(body, this.clock());
    if (!admission.ok) throw new BadRequestException(admission.error);
    const [refusal] = await this.inbox.acceptAll([{ envelope: admission.envelope, key: admission.envelope.data.customerId }], 'integration');
    if (refusal) throw new ConflictException(conflict(admission.envelope));
    return { accepted: admission.envelope.id };
  }

  /**
   * CloudEvents batch (`application/cloudevents-batch+json`): up to 1,000 events committed together, each
   * answered on its own. 202 when all were accepted, 207 when any was refused (the results say which and why).
   */
  @Post('batch')
  @ApiOperation({ summary: 'Up to 1,000 events in CloudEvents batch mode (application/cloudevents-batch+json), each answered on its own' })
  @ApiBody({ schema: openApiSchema({ type: 'array', minItems: 1, maxItems: MAX_BATCH_EVENTS, items: envelope }) })
  @ApiResponse({ status: 202, description: 'every event committed' })
  @ApiResponse({ status: 207, description: 'some refused: `results[i].status` is 202, 400 or 409, with `error` for a refusal' })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'not an array of 1 to 1,000 events' })
  async acceptBatch(@Body() body: unknown, @Res({ passthrough: true }) response: Response): Promise<{ accepted: number; refused: number; results: BatchResult[] }> {
    this.gate?.admit();
    if (!Array.isArray(body) || body.length === 0 || body.length > MAX_BATCH_EVENTS) {
      throw new BadRequestException(errorBody(400, 'Invalid batch', [{ field: '(body)', message: `must be a JSON array of 1 to ${MAX_BATCH_EVENTS} CloudEvents` }]));
    }
    const arrivedAt = this.clock();
    const results: BatchResult[] = [];
    const admitted: Array<{ index: number; envelope: EventEnvelope; key: string }> = [];
    const repeats: Array<{ index: number; first: number }> = [];
    const firstOfIdentity = new Map<string, number>();
    body.forEach((candidate: unknown, index) => {
      const admission = admitPlatformEvent(candidate, arrivedAt);
      if (!admission.ok) return results.push({ index, id: idOf(candidate), status: 400, error: admission.error });
      const { envelope } = admission;
      const key = envelope.data.customerId;
      // The same event twice in one batch is appended once; under another customer it is the conflict it would be later.
      const first = firstOfIdentity.get(messageIdentity(envelope));
      if (first === undefined) {
        firstOfIdentity.set(messageIdentity(envelope), admitted.length);
        return admitted.push({ index, envelope, key });
      }
      if (admitted[first].key !== key) return results.push({ index, id: envelope.id, status: 409, error: conflict(envelope) });
      repeats.push({ index, first });
    });
    const refusals = await this.inbox.acceptAll(admitted, 'integration');
    const resultOf = (index: number, i: number): BatchResult => {
      const { envelope } = admitted[i];
      return refusals[i] instanceof DuplicateEventIdError ? { index, id: envelope.id, status: 409, error: conflict(envelope) } : { index, id: envelope.id, status: 202 };
    };
    admitted.forEach(({ index }, i) => results.push(resultOf(index, i)));
    repeats.forEach(({ index, first }) => results.push(resultOf(index, first)));
    results.sort((a, b) => a.index - b.index);
    const accepted = results.filter((result) => result.status === 202).length;
    response.status(accepted === results.length ? 202 : 207);
    return { accepted, refused: results.length - accepted, results };
  }
}

function conflict(envelope: EventEnvelope): ErrorBody {
  return errorBody(409, `Event ${envelope.id} from ${envelope.source} was already accepted for another customer`);
}

function idOf(candidate: unknown): string | undefined {
  return typeof candidate === 'object' && candidate !== null && 'id' in candidate && typeof candidate.id === 'string' ? candidate.id : undefined;
}

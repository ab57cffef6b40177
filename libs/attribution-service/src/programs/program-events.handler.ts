import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { ProgramCreatedData, ProgramRulesChangedData, ProgramStatusChangedData } from '@referral-ledger/contracts';
import type { EventStore } from '@referral-ledger/event-store';
import type { EventEnvelope } from '@referral-ledger/messaging';
import { EVENT_STORE } from '@referral-ledger/service-kit';
import { recordProgramEvent } from './program-lookup';
import { ATTRIBUTION_CONSUMER } from '../attribution-consumer';

/** Programs belong to the rewards service: attribution learns their rules from `referrals.rewards.v1` and keeps its own copy. */
@Controller()
export class ProgramEventsHandler {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @EventPattern('program.created', ATTRIBUTION_CONSUMER)
  created(@Payload() event: EventEnvelope<ProgramCreatedData>) {
    return recordProgramEvent(this.store, { type: 'program.created', data: event.data }, event);
  }

  @EventPattern('program.rules_changed', ATTRIBUTION_CONSUMER)
  rulesChanged(@Payload() event: EventEnvelope<ProgramRulesChangedData>) {
    return recordProgramEvent(this.store, { type: 'program.rules_changed', data: event.data }, event);
  }

  @EventPattern('program.status_changed', ATTRIBUTION_CONSUMER)
  statusChanged(@Payload() event: EventEnvelope<ProgramStatusChangedData>) {
    return recordProgramEvent(this.store, { type: 'program.status_changed', data: event.data }, event);
  }
}

import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CustomerSignedUp, PaymentRefunded, PaymentSucceeded } from '@referral-ledger/contracts';
import type { EventEnvelope } from '@referral-ledger/messaging';
import { CustomerLifecycle } from '../signups/customer-lifecycle';
import { ATTRIBUTION_CONSUMER } from '../attribution-consumer';

/** `platform.customer-events.v1`, whether it arrives over Kafka, the in-process bus or POST /v1/platform-events. */
@Controller()
export class CustomerEventsHandler {
  constructor(private readonly lifecycle: CustomerLifecycle) {}

  @EventPattern('customer.signed_up', ATTRIBUTION_CONSUMER)
  signedUp(@Payload() event: EventEnvelope<CustomerSignedUp>) {
    return this.lifecycle.signedUp(event);
  }

  @EventPattern('lead.qualified', ATTRIBUTION_CONSUMER)
  qualified(@Payload() event: EventEnvelope<{ customerId: string }>) {
    return this.lifecycle.qualified(event);
  }

  @EventPattern('payment.succeeded', ATTRIBUTION_CONSUMER)
  paid(@Payload() event: EventEnvelope<PaymentSucceeded>) {
    return this.lifecycle.paid(event);
  }

  @EventPattern('payment.refunded', ATTRIBUTION_CONSUMER)
  refunded(@Payload() event: EventEnvelope<PaymentRefunded>) {
    return this.lifecycle.refunded(event);
  }

  @EventPattern('subscription.cancelled', ATTRIBUTION_CONSUMER)
  cancelled(@Payload() event: EventEnvelope<{ customerId: string }>) {
    return this.lifecycle.churned(event);
  }
}

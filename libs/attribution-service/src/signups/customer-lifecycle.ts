import { Inject, Injectable } from '@nestjs/common';
import { canHandle } from '@referral-ledger/decider';
import {
  clickStream,
  isLinkClicked,
  normaliseCode,
  referralDecider,
  referralStream,
  referrerDecider,
  referrerStream,
  type AttributeReferral,
  type CancellationReason,
  type LinkClicked,
  type ReferralAttributed,
  type Referrer,
  type ReferralCommand,
} from '@referral-ledger/attribution-domain';
import type { CustomerSignedUp, PaymentRefunded, PaymentSucceeded } from '@referral-ledger/contracts';
import { deterministicEventId, handleCommand, readFirst, readState, type EventStore, type NewEvent } from '@referral-ledger/event-store';
import { NotYetApplicableError, messageIdentity, type EventEnvelope } from '@referral-ledger/messaging';
import { EVENT_STORE } from '@referral-ledger/service-kit';
import { ATTRIBUTION_OPTIONS, type AttributionOptions } from '../attribution-options';
import { findProgram, type Program } from '../programs/program-lookup';
import { findCodeOwner, type CodeOwner } from '../referrers/code-claims';
import { claimReferee, readCustomer, recordReferral, registerCustomer } from './customer-records';

/**
 * Turns the platform's customer lifecycle (DESIGN.md §4, inbound) into referral commands. Every write
 * derives its event ids from the inbound event id, so a redelivered message changes nothing.
 */
@Injectable()
export class CustomerLifecycle {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ATTRIBUTION_OPTIONS) private readonly options: AttributionOptions,
  ) {}

  async signedUp(event: EventEnvelope<CustomerSignedUp>): Promise<void> {
    const signup = event.data;
    const now = new Date(event.time);
    const meta = this.metadata(event);
    const { blindIndex, cipher } = this.options;
    const { alreadyKnown } = await registerCustomer(
      this.store,
      {
        customerId: signup.customerId,
        emailIndex: blindIndex.email(signup.email),
        encryptedEmail: await cipher.encrypt(signup.customerId, signup.email),
        emailDomain: signup.email.slice(signup.email.lastIndexOf('@') + 1).toLowerCase(),
        deviceId: signup.deviceId ?? null,
        ipHash: signup.ip ? blindIndex.of('ip', signup.ip) : null,
        teamId: signup.teamId ?? null,
        country: signup.country ?? null,
        signedUpAt: now.toISOString(),
      },
      meta,
    );
    if (!signup.referralCode && !signup.clickId) return;

    const touch = await this.touchOf(signup);
    const program = touch.owner && (await findProgram(this.store, touch.owner.programId));
    const referrer = touch.owner && program ? await this.referrer(touch.owner) : undefined;
    const referralId = deterministicEventId('referral', messageIdentity(event));
    const command = (existingReferralId: string | null): AttributeReferral => ({
      type: 'AttributeReferral',
      data: {
        referralId,
        code: touch.code,
        channel: signup.teamId ? 'team_invite' : touch.click ? 'link' : 'code',
        click: touch.click,
        program: program && touch.owner ? this.programFacts(program) : null,
        referrer: referrer?.status === 'enrolled' ? { customerId: referrer.customerId, emailIndex: referrer.emailIndex } : null,
        referee: { customerId: signup.customerId, emailIndex: blindIndex.email(signup.email), alreadyCustomer: alreadyKnown },
        existingReferralId,
      },
      metadata: { now },
    });
    const first = referralDecider.decide(command(null), referralDecider.initialState());
    let existingReferralId: string | null = null;
    if (program && first[0]?.type === 'referral.attributed') {
      const holder = await claimReferee(this.store, program.programId, signup.customerId, referralId, meta);
      if (holder !== referralId) existingReferralId = holder;
    }
    const { newEvents } = await this.handle(referralId, command(existingReferralId), event);
    const attributed = newEvents.find((e) => e.type === 'referral.attributed') ?? (await this.isAttributed(referralId));
    if (attributed && program) await recordReferral(this.store, signup.customerId, { referralId, programId: program.programId }, meta);
  }

  qualified(event: EventEnvelope<{ customerId: string }>): Promise<void> {
    return this.forEachReferral(event, () => ({ type: 'QualifyReferral', data: {}, metadata: { now: new Date(event.time) } }));
  }

  paid(event: EventEnvelope<PaymentSucceeded>): Promise<void> {
    const { paymentId, amount, currency } = event.data;
    return this.forEachReferral(event, () => ({ type: 'RecordPayment', data: { paymentId, amount, currency }, metadata: { now: new Date(event.time) } }));
  }

  /** Refund or churn during the hold cancels the referral (the hold is the program version's own); so does a refund of the converting payment later. */
  refunded(event: EventEnvelope<PaymentRefunded>): Promise<void> {
    return this.cancel(event, 'payment_refunded', event.data.paymentId);
  }

  churned(event: EventEnvelope<{ customerId: string }>): Promise<void> {
    return this.cancel(event, 'subscription_cancelled', null);
  }

  private cancel(event: EventEnvelope<{ customerId: string }>, reason: CancellationReason, refundedPaymentId: string | null): Promise<void> {
    return this.forEachReferral(event, (program, version) => ({
      type: 'CancelReferral',
      data: { reason, holdDays: program.versions[version]?.holdDays ?? 0, refundedPaymentId },
      metadata: { now: new Date(event.time) },
    }));
  }

  /** Out of order: a lifecycle event for a customer whose signup has not arrived waits for it (bounded), then is applied. */
  private async forEachReferral(event: EventEnvelope<{ customerId: string }>, command: (program: Program, version: number) => ReferralCommand): Promise<void> {
    const customer = await readCustomer(this.store, event.data.customerId);
    if (!customer) throw new NotYetApplicableError(event.data.customerId, `${event.type} for customer ${event.data.customerId} arrived before their customer.signed_up`);
    for (const { referralId, programId } of customer.referrals) {
      const program = await findProgram(this.store, programId);
      const referral = await readFirst<ReferralAttributed>(this.store, referralStream(referralId), isAttributed);
      const version = referral?.data.programVersion ?? 1;
      if (program) await this.handle(referralId, command(program, version), event);
    }
  }

  private handle(referralId: string, command: ReferralCommand, event: EventEnvelope) {
    const now = new Date(event.time);
    return handleCommand(this.store, referralStream(referralId), referralDecider, command, {
      correlationId: event.correlationid,
      causationId: messageIdentity(event),
      actor: 'platform',
      now,
    });
  }

  private async isAttributed(referralId: string): Promise<boolean> {
    return (await readFirst<ReferralAttributed>(this.store, referralStream(referralId), isAttributed)) !== undefined;
  }

  /** The click wins over a typed code: it says when the friend arrived (for the window). */
  private async touchOf(signup: CustomerSignedUp): Promise<{ code: string; owner?: CodeOwner; click: { clickId: string; clickedAt: Date } | null }> {
    if (signup.clickId) {
      const click = await readFirst<LinkClicked>(this.store, clickStream(signup.clickId), isLinkClicked);
      if (click) {
        const { code, clickedAt } = click.data;
        return { code, owner: await findCodeOwner(this.store, code), click: { clickId: signup.clickId, clickedAt: new Date(clickedAt) } };
      }
    }
    const code = normaliseCode(signup.referralCode ?? signup.clickId ?? '');
    return { code, owner: await findCodeOwner(this.store, code), click: null };
  }

  private async referrer(owner: CodeOwner): Promise<Referrer> {
    return readState(this.store, referrerStream(owner.programId, owner.customerId), referrerDecider);
  }

  private programFacts(program: Program): NonNullable<AttributeReferral['data']['program']> {
    const rules = program.versions[program.version];
    const { trigger, windowDays, variants } = rules;
    return { programId: program.programId, version: program.version, active: program.status === 'active', trigger, windowDays, variants };
  }

  private metadata(event: EventEnvelope): NewEvent['metadata'] {
    return { correlationId: event.correlationid, causationId: messageIdentity(event), occurredAt: event.time, schemaVersion: 1, actor: 'platform' };
  }
}

const isAttributed = canHandle<ReferralAttributed>({ 'referral.attributed': true });

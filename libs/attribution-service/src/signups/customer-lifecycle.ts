import { Inject, Injectable } from '@nestjs/common';
import { canHandle } from '@referral-ledger/decider';
import {
  clickStream,
  isCustomerBanLearned,
  isLinkClicked,
  learnedBanStream,
  normaliseCode,
  referralDecider,
  referralStream,
  referrerDecider,
  referrerStream,
  type AttributeReferral,
  type CancellationReason,
  type CustomerBanLearned,
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
import { claimReferee, readCustomer, recordPaying, recordReferral, registerCustomer, type CustomerRecord } from './customer-records';

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

    const touch = await this.touchOf(signup, now);
    const program = touch.owner && (await findProgram(this.store, touch.owner.programId));
    const referrer = touch.owner && program ? await this.referrer(touch.owner) : undefined;
    // Read only when the program asks: every other signup costs nothing more.
    const referrerPaying =
      touch.owner && program?.versions[program.version].referrerMustBePaying ? ((await readCustomer(this.store, touch.owner.customerId))?.paying ?? false) : false;
    const ban = touch.owner && (await readFirst<CustomerBanLearned>(this.store, learnedBanStream(touch.owner.customerId), isCustomerBanLearned));
    const referralId = deterministicEventId('referral', messageIdentity(event));
    const command = (existingReferralId: string | null): AttributeReferral => ({
      type: 'AttributeReferral',
      data: {
        referralId,
        code: touch.code,
        channel: signup.teamId ? 'team_invite' : touch.click ? 'link' : 'code',
        click: touch.click,
        program: program && touch.owner ? this.programFacts(program) : null,
        referrer:
          referrer?.status === 'enrolled'
            ? { customerId: referrer.customerId, emailIndex: referrer.emailIndex, paying: referrerPaying, bannedFor: ban?.data.reason ?? null }
            : null,
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

  async qualified(event: EventEnvelope<{ customerId: string }>): Promise<void> {
    const customer = await this.customerOf(event);
    await this.forEachReferral(customer, event, () => ({ type: 'QualifyReferral', data: {}, metadata: { now: new Date(event.time) } }));
  }

  /** The first payment makes the customer a paying one (for programs whose referrers must pay), and may convert their referrals. */
  async paid(event: EventEnvelope<PaymentSucceeded>): Promise<void> {
    const { customerId, paymentId, amount, currency } = event.data;
    const customer = await this.customerOf(event);
    if (!customer.paying) await recordPaying(this.store, { customerId, paymentId, paidAt: event.time }, this.metadata(event));
    await this.forEachReferral(customer, event, () => ({ type: 'RecordPayment', data: { paymentId, amount, currency }, metadata: { now: new Date(event.time) } }));
  }

  /** Refund or churn during the hold cancels the referral (the hold is the program version's own); so does a refund of the converting payment later. */
  refunded(event: EventEnvelope<PaymentRefunded>): Promise<void> {
    return this.cancel(event, 'payment_refunded', event.data.paymentId);
  }

  churned(event: EventEnvelope<{ customerId: string }>): Promise<void> {
    return this.cancel(event, 'subscription_cancelled', null);
  }

  private async cancel(event: EventEnvelope<{ customerId: string }>, reason: CancellationReason, refundedPaymentId: string | null): Promise<void> {
    const customer = await this.customerOf(event);
    await this.forEachReferral(customer, event, (program, version) => ({
      type: 'CancelReferral',
      data: { reason, holdDays: program.versions[version]?.holdDays ?? 0, refundedPaymentId },
      metadata: { now: new Date(event.time) },
    }));
  }

  /** Out of order: a lifecycle event for a customer whose signup has not arrived waits for it (bounded), then is applied. */
  private async customerOf(event: EventEnvelope<{ customerId: string }>): Promise<CustomerRecord> {
    const customer = await readCustomer(this.store, event.data.customerId);
    if (!customer) throw new NotYetApplicableError(event.data.customerId, `${event.type} for customer ${event.data.customerId} arrived before their customer.signed_up`);
    return customer;
  }

  private async forEachReferral(customer: CustomerRecord, event: EventEnvelope, command: (program: Program, version: number) => ReferralCommand): Promise<void> {
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
  private async touchOf(signup: CustomerSignedUp, now: Date): Promise<{ code: string; owner?: CodeOwner; click: { clickId: string; clickedAt: Date } | null }> {
    const last = signup.clickId ? await this.click(signup.clickId) : undefined;
    if (last) {
      const { clickId, code, clickedAt } = ((await this.firstTouch(last, now)) ?? last).data;
      return { code, owner: await findCodeOwner(this.store, code), click: { clickId, clickedAt: new Date(clickedAt) } };
    }
    const code = normaliseCode(signup.referralCode ?? signup.clickId ?? '');
    return { code, owner: await findCodeOwner(this.store, code), click: null };
  }

  /**
   * In a `first_touch` program, the browser's first click in it (recorded on the later click from the share link's
   * cookie) is credited instead of the last, while it is inside the window; otherwise undefined: the last click counts.
   */
  private async firstTouch(last: LinkClicked, now: Date): Promise<LinkClicked | undefined> {
    const { firstClickId, programId } = last.data;
    if (!firstClickId || firstClickId === last.data.clickId) return undefined;
    const program = await findProgram(this.store, programId);
    const rules = program?.versions[program.version];
    if (rules?.model !== 'first_touch') return undefined;
    const first = await this.click(firstClickId);
    const inWindow = first && now.getTime() - new Date(first.data.clickedAt).getTime() <= rules.windowDays * DAY_MS;
    return first?.data.programId === programId && inWindow ? first : undefined;
  }

  private click(clickId: string): Promise<LinkClicked | undefined> {
    return readFirst<LinkClicked>(this.store, clickStream(clickId), isLinkClicked);
  }

  private async referrer(owner: CodeOwner): Promise<Referrer> {
    return readState(this.store, referrerStream(owner.programId, owner.customerId), referrerDecider);
  }

  private programFacts(program: Program): NonNullable<AttributeReferral['data']['program']> {
    const { trigger, windowDays, variants, referrerMustBePaying } = program.versions[program.version];
    return { programId: program.programId, version: program.version, active: program.status === 'active', trigger, windowDays, variants, referrerMustBePaying };
  }

  private metadata(event: EventEnvelope): NewEvent['metadata'] {
    return { correlationId: event.correlationid, causationId: messageIdentity(event), occurredAt: event.time, schemaVersion: 1, actor: 'platform' };
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
const isAttributed = canHandle<ReferralAttributed>({ 'referral.attributed': true });

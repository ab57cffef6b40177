import { DeciderSpecification, IllegalStateError } from '@referral-ledger/decider';
import { referralDecider, type AttributeReferral } from './business-logic';
import type { ReferralAttributed, ReferralConverted, ReferralEvent, ReferralTrigger } from './referral';

const given = DeciderSpecification(referralDecider).given;
const signupAt = new Date('2026-03-10T09:00:00Z');
const at = (iso: string) => ({ now: new Date(iso) });

function attributeCommand(overrides: Partial<AttributeReferral['data']> = {}, trigger: ReferralTrigger = 'first_payment'): AttributeReferral {
  return {
    type: 'AttributeReferral',
    data: {
      referralId: 'ref-1',
      code: 'K7PX9M',
      channel: 'code',
      click: null,
      program: { programId: 'prog-1', version: 3, active: true, trigger, windowDays: 30, variants: [], referrerMustBePaying: false },
      referrer: { customerId: 'alice', emailIndex: 'idx-alice', paying: false, bannedFor: null },
      referee: { customerId: 'bob', emailIndex: 'idx-bob', alreadyCustomer: false },
      existingReferralId: null,
      ...overrides,
    },
    metadata: { now: signupAt },
  };
}

function attributed(trigger: ReferralTrigger = 'first_payment'): ReferralAttributed {
  return {
    type: 'referral.attributed',
    data: {
      referralId: 'ref-1',
      programId: 'prog-1',
      programVersion: 3,
      referrerId: 'alice',
      refereeId: 'bob',
      code: 'K7PX9M',
      channel: 'code',
      clickId: null,
      clickedAt: null,
      trigger,
      variantId: null,
      attributedAt: signupAt.toISOString(),
    },
  };
}

function converted(trigger: ReferralTrigger, convertedAt: string, payment: ReferralConverted['data']['payment'] = null, variantId: string | null = null): ReferralConverted {
  return {
    type: 'referral.converted',
    data: { referralId: 'ref-1', programId: 'prog-1', programVersion: 3, referrerId: 'alice', refereeId: 'bob', trigger, payment, variantId, channel: 'code', convertedAt },
  };
}

const parties = { referralId: 'ref-1', programId: 'prog-1', referrerId: 'alice', refereeId: 'bob' };
const payment = { paymentId: 'pay-1', amount: 129_900, currency: 'EUR' };

describe('a referral', () => {
  describe('is attributed at signup', () => {
    it('by a known code', () => given([]).when(attributeCommand()).then([attributed()]));

    it('by a click inside the window, remembering the click', () =>
      given([])
        .when(attributeCommand({ channel: 'link', click: { clickId: 'click-9', clickedAt: new Date('2026-02-10T09:00:00Z') } }))
        .then([{ ...attributed(), data: { ...attributed().data, channel: 'link', clickId: 'click-9', clickedAt: '2026-02-10T09:00:00.000Z' } }]));

    it('and converted at once when the program rewards signups', () =>
      given([])
        .when(attributeCommand({}, 'signed_up'))
        .then([attributed('signed_up'), converted('signed_up', signupAt.toISOString())]));

    it('only once, whatever is redelivered', () => given([attributed()]).when(attributeCommand()).thenNothingHappens());

    it('when the program rewards paying customers only and the referrer has paid', () =>
      given([])
        .when(
          attributeCommand({
            program: { programId: 'prog-1', version: 3, active: true, trigger: 'first_payment', windowDays: 30, variants: [], referrerMustBePaying: true },
            referrer: { customerId: 'alice', emailIndex: 'idx-alice', paying: true, bannedFor: null },
          }),
        )
        .then([attributed()]));

    it("in the referrer's variant when the program tests some, which the conversion carries on", () => {
      const program = {
        programId: 'prog-1',
        version: 3,
        active: true,
        trigger: 'signed_up' as const,
        windowDays: 30,
        variants: [{ id: 'double', weight: 1 }],
        referrerMustBePaying: false,
      };
      given([])
        .when(attributeCommand({ program }, 'signed_up'))
        .then([{ ...attributed('signed_up'), data: { ...attributed('signed_up').data, variantId: 'double' } }, converted('signed_up', signupAt.toISOString(), null, 'double')]);
    });
  });

  describe('is rejected at signup, with the reason', () => {
    const rejectedFor = (command: AttributeReferral, reason: string, programId: string | null = 'prog-1', referrerId: string | null = 'alice') =>
      given([])
        .when(command)
        .then([
          {
            type: 'referral.rejected',
            data: {
              referralId: 'ref-1',
              programId,
              referrerId,
              refereeId: command.data.referee.customerId,
              reason: reason as never,
              detail: expect.any(String) as never,
              rejectedAt: signupAt.toISOString(),
            },
          },
        ]);

    it('for an unknown code', () => rejectedFor(attributeCommand({ program: null, referrer: null }), 'unknown_code', null, null));
    it('when the program is paused or ended', () =>
      rejectedFor(
        attributeCommand({ program: { programId: 'prog-1', version: 3, active: false, trigger: 'first_payment', windowDays: 30, variants: [], referrerMustBePaying: false } }),
        'program_inactive',
      ));
    it('when the referee is the referrer', () =>
      rejectedFor(attributeCommand({ referee: { customerId: 'alice', emailIndex: 'idx-alice', alreadyCustomer: false } }), 'self_referral'));
    it("when the referee has the referrer's email under another account", () =>
      rejectedFor(attributeCommand({ referee: { customerId: 'bob', emailIndex: 'idx-alice', alreadyCustomer: false } }), 'self_referral'));
    it('when the program rewards paying customers only and the referrer has not paid', () =>
      rejectedFor(
        attributeCommand({ program: { programId: 'prog-1', version: 3, active: true, trigger: 'first_payment', windowDays: 30, variants: [], referrerMustBePaying: true } }),
        'referrer_not_paying',
      ));
    it('when the referee already was a customer', () =>
      rejectedFor(attributeCommand({ referee: { customerId: 'bob', emailIndex: 'idx-bob', alreadyCustomer: true } }), 'referee_already_customer'));
    it('when the referee was already referred', () => rejectedFor(attributeCommand({ existingReferralId: 'ref-0' }), 'duplicate_referee'));
    it('when fraud banned the referrer', () =>
      rejectedFor(attributeCommand({ referrer: { customerId: 'alice', emailIndex: 'idx-alice', paying: true, bannedFor: 'account farm' } }), 'fraud'));
    it('when the click is older than the window', () =>
      rejectedFor(attributeCommand({ click: { clickId: 'click-1', clickedAt: new Date('2026-01-01T00:00:00Z') } }), 'outside_window'));
  });

  describe('converts on its trigger', () => {
    it('on the first payment, carrying the payment', () =>
      given([attributed()])
        .when({ type: 'RecordPayment', data: payment, metadata: at('2026-03-20T10:00:00Z') })
        .then([converted('first_payment', '2026-03-20T10:00:00.000Z', payment)]));

    it('exactly once: a second payment or a redelivered one changes nothing', () =>
      given([attributed(), converted('first_payment', '2026-03-20T10:00:00.000Z', payment)])
        .when({ type: 'RecordPayment', data: { ...payment, paymentId: 'pay-2' }, metadata: at('2026-04-20T10:00:00Z') })
        .thenNothingHappens());

    it('on qualification when the program rewards qualified leads', () =>
      given([attributed('qualified')])
        .when({ type: 'QualifyReferral', data: {}, metadata: at('2026-03-12T10:00:00Z') })
        .then([{ type: 'referral.qualified', data: { ...parties, qualifiedAt: '2026-03-12T10:00:00.000Z' } }, converted('qualified', '2026-03-12T10:00:00.000Z')]));

    it('not on qualification when it waits for a payment', () =>
      given([attributed()])
        .when({ type: 'QualifyReferral', data: {}, metadata: at('2026-03-12T10:00:00Z') })
        .then([{ type: 'referral.qualified', data: { ...parties, qualifiedAt: '2026-03-12T10:00:00.000Z' } }]));

    it('not on a payment when the program rewards signups or qualified leads', () =>
      given([attributed('qualified')])
        .when({ type: 'RecordPayment', data: payment, metadata: at('2026-03-20T10:00:00Z') })
        .thenNothingHappens());
  });

  describe('is cancelled by a refund or churn', () => {
    const history: ReferralEvent[] = [attributed(), converted('first_payment', '2026-03-20T10:00:00.000Z', payment)];

    it('during the hold', () =>
      given(history)
        .when({ type: 'CancelReferral', data: { reason: 'payment_refunded', holdDays: 14, refundedPaymentId: null }, metadata: at('2026-04-01T10:00:00Z') })
        .then([{ type: 'referral.cancelled', data: { ...parties, reason: 'payment_refunded', cancelledAt: '2026-04-01T10:00:00.000Z' } }]));

    it('but not once the hold is over: the reward stands', () =>
      given(history)
        .when({ type: 'CancelReferral', data: { reason: 'payment_refunded', holdDays: 14, refundedPaymentId: 'pay-2' }, metadata: at('2026-04-03T10:00:00Z') })
        .thenNothingHappens());

    it('after the hold only by a refund of the converting payment: what was paid is clawed back', () =>
      given(history)
        .when({ type: 'CancelReferral', data: { reason: 'payment_refunded', holdDays: 14, refundedPaymentId: payment.paymentId }, metadata: at('2026-06-03T10:00:00Z') })
        .then([{ type: 'referral.cancelled', data: { ...parties, reason: 'payment_refunded', cancelledAt: '2026-06-03T10:00:00.000Z' } }]));

    it('before it converted', () =>
      given([attributed()])
        .when({ type: 'CancelReferral', data: { reason: 'subscription_cancelled', holdDays: 14, refundedPaymentId: null }, metadata: at('2026-03-15T10:00:00Z') })
        .then([{ type: 'referral.cancelled', data: { ...parties, reason: 'subscription_cancelled', cancelledAt: '2026-03-15T10:00:00.000Z' } }]));
  });

  describe('is rejected for fraud', () => {
    it('even after it converted', () =>
      given([attributed(), converted('first_payment', '2026-03-20T10:00:00.000Z', payment)])
        .when({ type: 'RejectForFraud', data: { detail: 'shared device with the referrer' }, metadata: at('2026-03-21T10:00:00Z') })
        .then([{ type: 'referral.rejected', data: { ...parties, reason: 'fraud', detail: 'shared device with the referrer', rejectedAt: '2026-03-21T10:00:00.000Z' } }]));

    it('but a cancelled one stays cancelled', () =>
      given([attributed(), { type: 'referral.cancelled', data: { ...parties, reason: 'subscription_cancelled', cancelledAt: '2026-03-15T10:00:00.000Z' } }])
        .when({ type: 'RejectForFraud', data: { detail: 'ring' }, metadata: at('2026-03-21T10:00:00Z') })
        .thenNothingHappens());
  });

  it('that was rejected at signup ignores later payments', () =>
    given([
      {
        type: 'referral.rejected',
        data: { referralId: 'ref-1', programId: null, referrerId: null, refereeId: 'bob', reason: 'unknown_code', detail: '', rejectedAt: signupAt.toISOString() },
      },
    ])
      .when({ type: 'RecordPayment', data: payment, metadata: at('2026-03-20T10:00:00Z') })
      .thenNothingHappens());

  it('that does not exist cannot be paid', () =>
    given([])
      .when({ type: 'RecordPayment', data: payment, metadata: at('2026-03-20T10:00:00Z') })
      .thenThrows(IllegalStateError, 'There is no such referral'));
});

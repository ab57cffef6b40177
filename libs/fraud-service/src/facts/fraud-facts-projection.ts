import type { PoolClient } from 'pg';
import { Topics, type AttributionEvent, type CustomerEventData, type RewardsEvent } from '@referral-ledger/contracts';
import { canHandle } from '@referral-ledger/decider';
import { emailStem, networkOf } from '@referral-ledger/fraud-domain';
import type { BlindIndex } from '@referral-ledger/privacy';
import type { Projected, Projection } from '@referral-ledger/projections';
import { FRAUD_FACTS_MIGRATIONS } from './fraud-facts-schema';
import { ScreeningQueue } from './screening-queue';
import { FraudEnrolment, FraudHeldReward, FraudPaymentMethod, FraudProgramThresholds, FraudReferral, FraudScreeningTicket, FraudSignup } from './fraud-facts-tables';

type FactEvent =
  | { type: 'customer.signed_up'; data: CustomerEventData['customer.signed_up'] }
  | { type: 'payment.succeeded'; data: CustomerEventData['payment.succeeded'] }
  | Extract<AttributionEvent, { type: 'referrer.enrolled' | 'referral.attributed' | 'referral.converted' | 'referral.rejected' | 'referral.cancelled' }>
  | Extract<RewardsEvent, { type: 'reward.granted' | 'reward.released' | 'reward.reversed' | 'program.created' | 'program.rules_changed' }>;

/** One batch's rows, column by column, for `unnest` inserts. */
class Columns {
  readonly values: unknown[][];
  constructor(width: number) {
    this.values = Array.from({ length: width }, () => []);
  }
  add(...row: unknown[]): void {
    row.forEach((value, column) => this.values[column].push(value));
  }
  get empty(): boolean {
    return this.values[0].length === 0;
  }
}

/**
 * `fraud-facts`: what fraud knows, from the public topics only, rebuilt by replay. Set-based: each table is written
 * once per batch, inserts before updates, and every referral whose score the batch could change is queued for
 * screening at the end, in the same transaction, so no fact is ever left unscored.
 */
export function fraudFactsProjection(blindIndex: BlindIndex, onCommitted: () => void): Projection<FactEvent> {
  const index = (kind: string, value: string | undefined | null) => (value ? blindIndex.of(kind, value) : null);

  async function apply(events: readonly Projected<FactEvent>[], client: PoolClient): Promise<void> {
    const signups = new Columns(8);
    const cards = new Columns(2);
    const enrolments = new Columns(3);
    const referrals = new Columns(6);
    const conversions = new Columns(2);
    const held = new Columns(5);
    const closed: string[] = [];
    const released: string[] = [];
    /** The last status each reward reached in the batch. */
    const rewardStatus = new Map<string, 'released' | 'reversed'>();
    const enrolled: string[] = [];
    for (const event of events) {
      switch (event.type) {
        case 'customer.signed_up': {
          const { customerId, email, ip, deviceId } = event.data;
          signups.add(
            customerId,
            event.metadata.occurredAt,
            blindIndex.email(email),
            blindIndex.of('email-stem', emailStem(email)),
            email.slice(email.lastIndexOf('@') + 1).toLowerCase(),
            index('network', ip && networkOf(ip)),
            index('ip', ip),
            index('device', deviceId),
          );
          break;
        }
        case 'payment.succeeded': {
          const fingerprint = index('payment-method', event.data.paymentMethodFingerprint);
          if (fingerprint) cards.add(event.data.customerId, fingerprint);
          break;
        }
        case 'referrer.enrolled':
          enrolments.add(event.data.programId, event.data.customerId, event.data.emailIndex);
          enrolled.push(event.data.customerId);
          break;
        case 'referral.attributed': {
          const { referralId, programId, referrerId, refereeId, attributedAt, clickedAt } = event.data;
          referrals.add(referralId, programId, referrerId, refereeId, attributedAt, clickedAt);
          break;
        }
        case 'referral.converted':
          conversions.add(event.data.referralId, event.data.convertedAt);
          break;
        case 'referral.rejected':
        case 'referral.cancelled':
          closed.push(event.data.referralId);
          break;
        case 'reward.granted': {
          const { rewardId, referralId, beneficiaryId, unit, amount } = event.data;
          held.add(rewardId, referralId, beneficiaryId, unit, amount);
          break;
        }
        case 'reward.released':
          rewardStatus.set(event.data.rewardId, 'released');
          released.push(event.data.referralId);
          break;
        case 'reward.reversed':
          rewardStatus.set(event.data.rewardId, 'reversed');
          break;
        case 'program.created':
        case 'program.rules_changed': {
          const { programId, version, rules } = event.data;
          await client.query(
            `INSERT INTO fraud.program_thresholds VALUES ($1, $2, $3)
             ON CONFLICT (program_id) DO UPDATE SET version = excluded.version, thresholds = excluded.thresholds WHERE fraud.program_thresholds.version < excluded.version`,
            [programId, version, JSON.stringify(rules.fraud ?? {})],
          );
          break;
        }
      }
    }
    const insert = async (sql: string, columns: Columns): Promise<string[]> => {
      if (columns.empty) return [];
      const { rows } = await client.query<{ id: string }>(sql, columns.values);
      return rows.map((row) => row.id);
    };
    // The first signup of a customer is the one that counts; a redelivered or repeated one adds nothing.
    const newSignups = await insert(
      `INSERT INTO fraud.signups SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       ON CONFLICT DO NOTHING RETURNING customer_id AS id`,
      signups,
    );
    const newCards = await insert('INSERT INTO fraud.payment_methods SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING RETURNING customer_id AS id', cards);
    await insert('INSERT INTO fraud.enrolments SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING RETURNING customer_id AS id', enrolments);
    const newReferrals = await insert(
      `INSERT INTO fraud.referrals (referral_id, program_id, referrer_id, referee_id, attributed_at, clicked_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[]) ON CONFLICT DO NOTHING RETURNING referral_id AS id`,
      referrals,
    );
    await insert(
      `INSERT INTO fraud.held_rewards SELECT id, referral, beneficiary, unit, amount, 'pending' FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
         AS h(id, referral, beneficiary, unit, amount) ON CONFLICT DO NOTHING RETURNING reward_id AS id`,
      held,
    );
    const converted = await insert(
      'UPDATE fraud.referrals r SET converted_at = c.at FROM unnest($1::text[], $2::timestamptz[]) AS c(id, at) WHERE r.referral_id = c.id RETURNING r.referral_id AS id',
      conversions,
    );
    if (closed.length > 0 || released.length > 0)
      await client.query(
        'UPDATE fraud.referrals SET closed = closed OR referral_id = ANY($1::text[]), released = released OR referral_id = ANY($2::text[]) WHERE referral_id = ANY($1::text[] || $2::text[])',
        [closed, released],
      );
    if (rewardStatus.size > 0)
      await client.query('UPDATE fraud.held_rewards h SET status = s.status FROM unnest($1::text[], $2::text[]) AS s(id, status) WHERE h.reward_id = s.id', [
        [...rewardStatus.keys()],
        [...rewardStatus.values()],
      ]);
    const queue = new ScreeningQueue(client);
    await queue.attributed(newReferrals);
    await queue.referrals(converted);
    await queue.afterCards(newCards);
    await queue.ofCustomers(enrolled);
    await queue.afterSignups(newSignups);
  }

  return {
    name: 'fraud-facts',
    topics: [Topics.customerEvents, Topics.attribution, Topics.rewards],
    entities: [FraudSignup, FraudEnrolment, FraudReferral, FraudPaymentMethod, FraudHeldReward, FraudProgramThresholds, FraudScreeningTicket],
    migrations: FRAUD_FACTS_MIGRATIONS,
    canHandle: canHandle<FactEvent>({
      'customer.signed_up': true,
      'payment.succeeded': true,
      'referrer.enrolled': true,
      'referral.attributed': true,
      'referral.converted': true,
      'referral.rejected': true,
      'referral.cancelled': true,
      'reward.granted': true,
      'reward.released': true,
      'reward.reversed': true,
      'program.created': true,
      'program.rules_changed': true,
    }),
    handle: apply,
    committed: onCommitted,
  };
}

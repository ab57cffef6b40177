import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A signup as fraud screening sees it: blind indexes of its address, network, IP and device. */
@Entity({ schema: 'fraud', name: 'signups' })
@Index('signups_by_network', ['networkIndex', 'signedUpAt'])
@Index('signups_by_email_stem', ['emailStemIndex', 'signedUpAt'])
@Index('signups_by_device', ['deviceIndex'])
@Index('signups_by_ip', ['ipIndex'])
export class FraudSignup {
  @PrimaryColumn('text', { name: 'customer_id' })
  customerId!: string;

  @Column('timestamptz', { name: 'signed_up_at' })
  signedUpAt!: Date;

  @Column('text', { name: 'email_index' })
  emailIndex!: string;

  @Column('text', { name: 'email_stem_index' })
  emailStemIndex!: string;

  @Column('text', { name: 'email_domain' })
  emailDomain!: string;

  @Column('text', { name: 'network_index', nullable: true })
  networkIndex!: string | null;

  @Column('text', { name: 'ip_index', nullable: true })
  ipIndex!: string | null;

  @Column('text', { name: 'device_index', nullable: true })
  deviceIndex!: string | null;
}

/** A referrer's enrolment, with the blind index of the referrer's address. */
@Entity({ schema: 'fraud', name: 'enrolments' })
export class FraudEnrolment {
  @PrimaryColumn('text', { name: 'program_id' })
  programId!: string;

  @PrimaryColumn('text', { name: 'customer_id' })
  customerId!: string;

  @Column('text', { name: 'email_index' })
  emailIndex!: string;
}

/** A referral with its timing and whether its rewards were released or it was closed. */
@Entity({ schema: 'fraud', name: 'referrals' })
@Index('referrals_by_referrer', ['referrerId', 'attributedAt'])
@Index('referrals_by_referee', ['refereeId'])
export class FraudReferral {
  @PrimaryColumn('text', { name: 'referral_id' })
  referralId!: string;

  @Column('text', { name: 'program_id' })
  programId!: string;

  @Column('text', { name: 'referrer_id' })
  referrerId!: string;

  @Column('text', { name: 'referee_id' })
  refereeId!: string;

  @Column('timestamptz', { name: 'attributed_at' })
  attributedAt!: Date;

  @Column('timestamptz', { name: 'clicked_at', nullable: true })
  clickedAt!: Date | null;

  @Column('timestamptz', { name: 'converted_at', nullable: true })
  convertedAt!: Date | null;

  @Column('boolean', { default: false })
  released!: boolean;

  @Column('boolean', { default: false })
  closed!: boolean;
}

/** A card a customer paid with (its fingerprint's blind index). */
@Entity({ schema: 'fraud', name: 'payment_methods' })
@Index('payment_methods_by_fingerprint', ['fingerprintIndex'])
export class FraudPaymentMethod {
  @PrimaryColumn('text', { name: 'customer_id' })
  customerId!: string;

  @PrimaryColumn('text', { name: 'fingerprint_index' })
  fingerprintIndex!: string;
}

/** A reward of a referral under screening, and its status. */
@Entity({ schema: 'fraud', name: 'held_rewards' })
@Index('held_rewards_by_referral', ['referralId'])
export class FraudHeldReward {
  @PrimaryColumn('text', { name: 'reward_id' })
  rewardId!: string;

  @Column('text', { name: 'referral_id' })
  referralId!: string;

  @Column('text', { name: 'beneficiary_id' })
  beneficiaryId!: string;

  @Column('text')
  unit!: string;

  @Column('bigint')
  amount!: bigint;

  @Column('text')
  status!: string;
}

/** A program's fraud thresholds, by program version. */
@Entity({ schema: 'fraud', name: 'program_thresholds' })
export class FraudProgramThresholds {
  @PrimaryColumn('text', { name: 'program_id' })
  programId!: string;

  @Column('integer')
  version!: number;

  @Column('jsonb')
  thresholds!: unknown;
}

/** A referral waiting for (re-)screening, with its failures. */
@Entity({ schema: 'fraud', name: 'screening_queue', comment: 'Referrals whose facts changed since they were last scored, written with the facts; the screener drains it.' })
export class FraudScreeningTicket {
  @PrimaryColumn('text', { name: 'referral_id' })
  referralId!: string;

  @Column('bigint', { default: () => "nextval('fraud.screening_ticket')" })
  ticket!: bigint;

  @Column('integer', { default: 0 })
  failures!: number;

  @Column('timestamptz', { name: 'retry_at', nullable: true })
  retryAt!: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;
}

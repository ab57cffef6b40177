import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A pending reward and when its hold ends. */
@Entity({ schema: 'rewards', name: 'pending_releases' })
@Index('pending_releases_due', ['releasableAt'])
export class PendingRelease {
  @PrimaryColumn('text', { name: 'reward_id' })
  rewardId!: string;

  @Column('text', { name: 'referral_id' })
  referralId!: string;

  @Column('timestamptz', { name: 'releasable_at' })
  releasableAt!: Date;
}

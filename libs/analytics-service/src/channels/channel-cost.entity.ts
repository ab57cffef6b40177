import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a program spent on an acquisition channel in a period, and the customers it brought. */
@Entity({
  schema: 'analytics',
  name: 'channel_costs',
  comment: 'Per program and acquisition channel (not referrals): spend in minor units of the program currency and customers won over a period, as an admin entered them.',
})
export class ChannelCost {
  @PrimaryColumn('text', { name: 'program_id' })
  programId!: string;

  @PrimaryColumn('text')
  channel!: string;

  @Column('text')
  period!: string;

  @Column('bigint', { name: 'spend_minor' })
  spendMinor!: bigint;

  @Column('bigint')
  customers!: bigint;

  @Column('timestamptz', { name: 'set_at' })
  setAt!: Date;
}

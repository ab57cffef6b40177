import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** A journal entry of the ledger, with the reward, program and kind it books. */
@Entity({ schema: 'ledger', name: 'entries' })
@Index('entries_by_reward', ['rewardId', 'kind'])
export class LedgerEntry {
  @PrimaryColumn('text', { name: 'entry_id' })
  entryId!: string;

  @Column('text')
  kind!: string;

  @Column('text')
  reference!: string;

  @Column('text', { nullable: true })
  reverses!: string | null;

  @Column('timestamptz', { name: 'booked_at' })
  bookedAt!: Date;

  @Column('text', { name: 'reward_id', nullable: true })
  rewardId!: string | null;

  @Column('text', { name: 'program_id', nullable: true })
  programId!: string | null;

  @Column('text', { name: 'reward_kind', nullable: true })
  rewardKind!: string | null;
}

/** One line of a journal entry: a signed amount (debit positive) on an account, with the account's owner and kind. */
@Entity({ schema: 'ledger', name: 'postings' })
@Index('postings_by_account_in_order', ['account', 'bookedAt', 'entryId', 'line'])
@Index('postings_by_owner', ['ownerId', 'bookedAt'])
@Index('postings_by_account_kind', ['accountKind', 'bookedAt'])
export class LedgerPosting {
  @PrimaryColumn('text', { name: 'entry_id' })
  entryId!: string;

  @PrimaryColumn('integer')
  line!: number;

  @Column('text')
  account!: string;

  @Column('text')
  unit!: string;

  @Column('bigint')
  amount!: bigint;

  @Column('timestamptz', { name: 'booked_at' })
  bookedAt!: Date;

  @Column('text', { name: 'owner_id', nullable: true })
  ownerId!: string | null;

  @Column('text', { name: 'account_kind', nullable: true })
  accountKind!: string | null;
}

/** A ledger stream's journal entry in its hash chain, as first seen (what verify checks against). */
@Entity({ schema: 'ledger', name: 'chain_links', comment: 'Per ledger stream, its entries in order, each hash covering the entry and the hash before it.' })
@Unique('chain_links_entry_id_key', ['entryId'])
export class LedgerChainLink {
  @PrimaryColumn('text', { name: 'stream_name' })
  streamName!: string;

  @PrimaryColumn('integer')
  seq!: number;

  @Column('text', { name: 'entry_id' })
  entryId!: string;

  @Column('text', { name: 'previous_hash' })
  previousHash!: string;

  @Column('text')
  hash!: string;
}

export { Accounts } from './ledger/accounts';
export { UnbalancedEntryError, assertBalanced, reversalOf, transfer, type EntryKind, type JournalEntry, type Posting } from './ledger/journal-entry';
export { balancesOf, trialBalance, type TrialBalanceLine } from './ledger/balances';
export { GENESIS_HASH, chain, hashEntry, verifyChain, type ChainVerdict, type ChainedEntry } from './ledger/hash-chain';
export * from './reward/reward';
export { decide as decideReward, rewardDecider, type GrantReward, type ReleaseReward, type ReverseReward, type RewardCommand } from './reward/business-logic';

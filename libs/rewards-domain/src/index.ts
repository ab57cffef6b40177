export { Accounts, parseAccount, type AccountKind, type AccountName } from './ledger/accounts';
export { decimalAmount, decimalsOf } from './ledger/decimal-amounts';
export { UnbalancedEntryError, assertBalanced, reversalOf, transfer, type EntryKind, type JournalEntry, type Posting } from './ledger/journal-entry';
export { balancesOf, trialBalance, type TrialBalanceLine } from './ledger/balances';
export { GENESIS_HASH, chain, hashEntry, verifyChain, type ChainVerdict, type ChainedEntry } from './ledger/hash-chain';
export type {
  Reward,
  RewardEvent,
  RewardGranted,
  RewardKind,
  RewardReleased,
  RewardReversed,
  RewardRole,
  RewardWithheld,
  ReversalReason,
  WithholdingReason,
} from './reward/reward';
export { rewardDecider, type GrantReward, type ReleaseReward, type ReverseReward, type RewardCommand, type WithholdReward } from './reward/business-logic';
export type { Program, ProgramCreated, ProgramEvent, ProgramRulesChanged, ProgramStatus, ProgramStatusChanged } from './program/program';
export {
  InvalidProgramError,
  assertValidRules,
  isMoneyKind,
  rewardsFor,
  rewardUnitsOf,
  shareOf,
  rulesOf,
  unitOf,
  valueOf,
  type ProgramRules,
  type RewardSpec,
  type RewardValue,
} from './program/program-rules';
export { programDecider, type ChangeRules, type ChangeStatus, type CreateProgram, type ProgramCommand } from './program/business-logic';
export { fraudVerdictStream, isFraudVerdictLearned, learnVerdict, type FraudVerdict, type FraudVerdictLearned, type PublishedVerdict } from './fraud-verdict/fraud-verdict';
export { versionHistory, type ProgramVersion } from './program/version-history';
export {
  InsufficientBalanceError,
  walletDecider,
  walletStream,
  type ClawBack,
  type ClawbackRecovered,
  type Fulfil,
  type Redeem,
  type RewardClawedBack,
  type RewardFulfilled,
  type RewardRedeemed,
  type Wallet,
  type WalletCommand,
  type WalletEvent,
} from './redemption/wallet';
export { budgetStream, isDrawn, referrerCapStream, type Allowance, type AllowanceEvent, type BudgetExhausted } from './allowance/allowance';
export { allowanceDecider, type AllowanceCommand, type Draw, type GiveBack, type Limits } from './allowance/business-logic';
export { referrerProgressStream, type ConversionCounted, type MilestoneReached, type ProgressEvent, type ReferrerProgress } from './milestones/referrer-progress';
export { referrerProgressDecider, type CountConversion } from './milestones/business-logic';
export { isSponsorLearned, secondLevelBeneficiary, sponsorStream, type SponsorLearned } from './second-level/sponsor';
export {
  recurringRewardId,
  recurringShareDecider,
  recurringShareStream,
  type RecurringShareCommand,
  type RecurringShareEarned,
  type RecurringShareEvent,
  type RecurringShareStarted,
  type ShareTerms,
} from './recurring/recurring-share';

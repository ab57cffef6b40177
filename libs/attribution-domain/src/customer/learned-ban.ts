import { streamName, type CustomerBannedData } from '@referral-ledger/contracts';
import { canHandle, type DomainEvent } from '@referral-ledger/decider';

/** Attribution's record of fraud's `customer.banned`: a banned referrer's later referrals are rejected (reason `fraud`). */
export type CustomerBanLearned = DomainEvent<'customer.ban_learned', CustomerBannedData>;

export const isCustomerBanLearned = canHandle<CustomerBanLearned>({ 'customer.ban_learned': true });

/** `learnedban-<customer>`. */
export const learnedBanStream = (customerId: string) => streamName('learnedban', customerId);

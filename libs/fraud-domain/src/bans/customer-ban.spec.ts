import { DeciderSpecification, IllegalStateError } from '@referral-ledger/decider';
import { customerBanDecider } from './customer-ban';

const given = DeciderSpecification(customerBanDecider).given;
const now = { now: new Date('2026-03-10T09:00:00Z') };
const banned = { type: 'customer.banned' as const, data: { customerId: 'mallory', reason: 'account farm', bannedBy: 'admin', bannedAt: '2026-03-10T09:00:00.000Z' } };

describe('banning a customer', () => {
  it('records who, why and when', () =>
    given([])
      .when({ type: 'BanCustomer', data: { customerId: 'mallory', reason: 'account farm', bannedBy: 'admin' }, metadata: now })
      .then([banned]));

  it('is done once: a second ban keeps the first reason and time', () =>
    given([banned])
      .when({ type: 'BanCustomer', data: { customerId: 'mallory', reason: 'again', bannedBy: 'admin' }, metadata: { now: new Date('2026-04-01T00:00:00Z') } })
      .thenNothingHappens());

  it('needs a reason', () =>
    given([])
      .when({ type: 'BanCustomer', data: { customerId: 'mallory', reason: '  ', bannedBy: 'admin' }, metadata: now })
      .thenThrows(IllegalStateError, 'needs a reason'));
});

import { ControllableClock } from '@referral-ledger/testing';
import { outboundEvents } from '../test-support/outbound-events';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

interface ReferralRow {
  refereeId: string;
  status: string;
  reason: string | null;
  channel: string | null;
  rewards: Array<{ role: string; status: string; reason: string | null }>;
}

/** Issue 9, item 5: who may earn, how long a click counts, which click counts, what converts, and team invites. */
describe('eligibility and attribution windows', () => {
  const clock = new ControllableClock('2026-10-12T09:00:00Z');
  let client: PlatformClient;
  beforeAll(async () => {
    client = await startTestPlatform(clock);
  });
  afterAll(() => client.stop());

  const referralsOf = async (referrerId: string): Promise<ReferralRow[]> => {
    await client.settled();
    return (await client.http().get(`/v1/customers/${referrerId}/referrals`).set(client.auth('integration')).expect(200)).body.referrals;
  };
  const signsUp = (customerId: string, extra: Record<string, string> = {}) =>
    client.platformEvent('customer.signed_up', { customerId, email: `${customerId}@example.org`, ...extra });
  const pays = (customerId: string) => client.platformEvent('payment.succeeded', { customerId, paymentId: `pay-${customerId}`, amount: 9_900, currency: 'EUR' });
  /** Follows a share link as a browser would: the cookie it holds goes along, and the click id comes back in the redirect. */
  async function follows(code: string, cookie?: string): Promise<{ clickId: string; cookie?: string }> {
    const response = await client
      .http()
      .get(`/r/${code}`)
      .set(cookie ? { Cookie: cookie } : {})
      .expect(302);
    const setCookie = response.headers['set-cookie'] as unknown as string[] | undefined;
    return { clickId: new URL(response.headers.location).searchParams.get('click_id') as string, cookie: setCookie?.[0]?.split(';')[0] };
  }

  it('rejects a referral of a referrer who has not paid when the program asks, and accepts it once they have', async () => {
    const programId = await client.createProgram({ eligibility: { referrerMustBePaying: true } });
    await signsUp('pat');
    const { code } = await client.enrol(programId, 'pat');
    await signsUp('quin', { referralCode: code });
    expect(await referralsOf('pat')).toEqual([expect.objectContaining({ refereeId: 'quin', status: 'rejected', reason: 'referrer_not_paying' })]);

    await pays('pat');
    await signsUp('rae', { referralCode: code });
    await pays('rae');
    expect((await referralsOf('pat')).find((referral) => referral.refereeId === 'rae')).toMatchObject({ status: 'converted' });
  });

  it('rejects a referee who was already a customer, with the reason', async () => {
    const programId = await client.createProgram();
    const { code } = await client.enrol(programId, 'sol');
    await signsUp('tia');
    await signsUp('tia', { referralCode: code });
    expect(await referralsOf('sol')).toEqual([expect.objectContaining({ refereeId: 'tia', status: 'rejected', reason: 'referee_already_customer' })]);
  });

  it('keeps a click valid for a window of up to 365 days, and no longer', async () => {
    const programId = await client.createProgram({ attribution: { windowDays: 365, model: 'last_touch' } });
    const { code } = await client.enrol(programId, 'uma');
    const early = await follows(code);
    const late = await follows(code);
    clock.advanceDays(200);
    await signsUp('val', { clickId: early.clickId });
    clock.advanceDays(170);
    await signsUp('wyn', { clickId: late.clickId });
    const referrals = await referralsOf('uma');
    expect(referrals.find((referral) => referral.refereeId === 'val')).toMatchObject({ status: 'attributed', channel: 'link' });
    expect(referrals.find((referral) => referral.refereeId === 'wyn')).toMatchObject({ status: 'rejected', reason: 'outside_window' });

    const tooLong = await client.refusedProgramFields({ attribution: { windowDays: 366, model: 'last_touch' } });
    expect(tooLong.map((detail) => detail.field)).toEqual(['attribution.windowDays']);
  });

  it.each([
    ['first_touch', 'ada'],
    ['last_touch', 'bea'],
  ] as const)('credits the %s among one browser’s clicks', async (model, expectedReferrer) => {
    const programId = await client.createProgram({ attribution: { windowDays: 30, model } });
    const [first, second] = [`${model}-ada`, `${model}-bea`];
    const firstCode = (await client.enrol(programId, first)).code;
    const secondCode = (await client.enrol(programId, second)).code;
    const firstClick = await follows(firstCode);
    expect(firstClick.cookie).toMatch(/^rl_ft_/);
    clock.advanceDays(3);
    const secondClick = await follows(secondCode, firstClick.cookie);
    await signsUp(`${model}-friend`, { clickId: secondClick.clickId });
    const credited = `${model}-${expectedReferrer}`;
    expect(await referralsOf(credited)).toEqual([expect.objectContaining({ refereeId: `${model}-friend`, status: 'attributed' })]);
    expect(await referralsOf(credited === first ? second : first)).toEqual([]);
  });

  it('converts a consulting lead when it is qualified, with trigger qualified', async () => {
    const programId = await client.createProgram({ trigger: 'qualified' });
    const { code } = await client.enrol(programId, 'cai');
    await signsUp('dov', { referralCode: code });
    expect(await referralsOf('cai')).toEqual([expect.objectContaining({ status: 'attributed' })]);
    await client.platformEvent('lead.qualified', { customerId: 'dov' });
    const [referral] = await referralsOf('cai');
    expect(referral.status).toBe('converted');
    expect(referral.rewards.map((reward) => reward.role).sort()).toEqual(['referee', 'referrer']);
  });

  it('records team invites on channel team_invite, rewarded or not as the program says', async () => {
    const unrewarded = await client.createProgram({ teamInvites: 'no_reward' });
    const rewarded = await client.createProgram();
    const inUnrewarded = (await client.enrol(unrewarded, 'eli')).code;
    const inRewarded = (await client.enrol(rewarded, 'fin')).code;
    await signsUp('gia', { referralCode: inUnrewarded, teamId: 'team-eli' });
    await signsUp('hux', { referralCode: inRewarded, teamId: 'team-fin' });
    await pays('gia');
    await pays('hux');

    const [notPaid] = await referralsOf('eli');
    expect(notPaid).toMatchObject({ channel: 'team_invite', status: 'converted' });
    expect(notPaid.rewards.map(({ status, reason }) => ({ status, reason })).sort()).toEqual([
      { status: 'withheld', reason: 'team_invite: this program does not reward team invites' },
      { status: 'withheld', reason: 'team_invite: this program does not reward team invites' },
    ]);
    const [paid] = await referralsOf('fin');
    expect(paid).toMatchObject({ channel: 'team_invite', status: 'converted' });
    expect(paid.rewards.map((reward) => reward.status)).toEqual(['available', 'available']);

    expect((await client.refusedProgramFields({ teamInvites: 'sometimes' })).map((detail) => detail.field)).toEqual(['teamInvites']);
  });

  it('emitted only outbound events that meet their published schemas', async () => {
    await client.settled();
    const { failures } = await outboundEvents(client.platform.infrastructure.store);
    expect(failures).toEqual([]);
  });
});

import { secondLevelBeneficiary, type SponsorLearned } from './sponsor';

const sponsoredBy = (sponsorId: string, referralId = 'r0'): SponsorLearned => ({ type: 'sponsor.learned', data: { programId: 'p1', customerId: 'ada', sponsorId, referralId } });

describe('the second-level beneficiary of a conversion by referrer ada', () => {
  it("is ada's own sponsor", () => expect(secondLevelBeneficiary([sponsoredBy('sam')], 'ben')).toBe('sam'));
  it('is nobody when ada came in on her own', () => expect(secondLevelBeneficiary([], 'ben')).toBeNull());
  it('is nobody when the referee is the sponsor (a ring)', () => expect(secondLevelBeneficiary([sponsoredBy('ben')], 'ben')).toBeNull());
  it('is the first sponsor learned: a referee has one referral per program', () =>
    expect(secondLevelBeneficiary([sponsoredBy('sam'), sponsoredBy('tia', 'r9')], 'ben')).toBe('sam'));
});

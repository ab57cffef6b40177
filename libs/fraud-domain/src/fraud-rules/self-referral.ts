import type { FraudRule } from './fraud-rule';

/**
 * The referee is the referrer under another account: same customer, email (after normalisation), device or card.
 * The same exact IP only adds points: colleagues behind one office NAT share it.
 */
export const selfReferral: FraudRule = ({ referrer, referee }) => {
  const blocking = (reason: string) => [{ rule: 'self_referral', points: 100, blocking: true, reason }];
  if (referrer.customerId === referee.customerId) return blocking('The referee is the referrer');
  if (referee.emailIndex && referrer.emailIndexes.includes(referee.emailIndex)) return blocking("The referee uses the referrer's email address (after normalisation)");
  if (referee.deviceId && referrer.deviceIds.includes(referee.deviceId)) return blocking("The referee signed up on the referrer's device");
  if (referee.paymentFingerprints.some((card) => referrer.paymentFingerprints.includes(card))) return blocking("The referee paid with the referrer's payment method");
  if (referee.ipHash && referrer.ipHashes.includes(referee.ipHash))
    return [{ rule: 'shared_ip', points: 15, reason: "The referee signed up from the referrer's exact IP address (an office network is common, so this alone never blocks)" }];
  return [];
};

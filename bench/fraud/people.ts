import { faker } from '@faker-js/faker';

/** One account as the integrator reports its signup: every referral in the benchmark is between two of these. */
export interface Account {
  customerId: string;
  email: string;
  ip: string;
  deviceId: string;
}

const WEBMAIL = ['gmail.com', 'outlook.com', 'yahoo.com', 'web.de', 'gmx.de', 'proton.me', 'orange.fr', 'icloud.com'];
const DISPOSABLE = ['mailinator.com', 'yopmail.com', 'guerrillamail.com', 'sharklasers.com', '10minutemail.com', 'trashmail.com', 'dispostable.com'];

let accounts = 0;

/** A new account; anything not given is a person of their own: a random name, home network and device. */
export function anAccount(role: string, overrides: Partial<Omit<Account, 'customerId'>> = {}): Account {
  return {
    customerId: `${role}-${++accounts}`,
    email: overrides.email ?? personalEmail(),
    ip: overrides.ip ?? faker.internet.ipv4(),
    deviceId: overrides.deviceId ?? aDevice(),
  };
}

export const aDevice = (): string => `device-${faker.string.alphanumeric(12)}`;

export const personalEmail = (domain: string = faker.helpers.arrayElement(WEBMAIL)): string =>
  faker.internet.email({ firstName: faker.person.firstName(), lastName: faker.person.lastName(), provider: domain });

export const disposableEmail = (): string => personalEmail(faker.helpers.arrayElement(DISPOSABLE));

/** The first three octets of a random IPv4 network: an office, a data centre. */
export const aNetwork = (): string => faker.internet.ipv4().split('.').slice(0, 3).join('.');

export const anAddressIn = (network: string): string => `${network}.${faker.number.int({ min: 2, max: 254 })}`;

/** The same mailbox under another spelling: dots and a `+tag` for Gmail, a `+tag` elsewhere. */
export function anAliasOf(email: string): string {
  const [local, domain] = email.split('@');
  const tag = `+${faker.helpers.arrayElement(['ref', 'promo', 'deal', 'x', faker.string.alpha(4)])}`;
  if (domain !== 'gmail.com') return `${local}${tag}@${domain}`;
  const letters = local.replace(/\./g, '');
  const dotted = letters.replace(/(?<=.)(?=.)/g, () => (faker.datatype.boolean(0.25) ? '.' : ''));
  return `${faker.datatype.boolean() ? dotted.toUpperCase() : dotted}${faker.datatype.boolean() ? tag : ''}@gmail.com`;
}

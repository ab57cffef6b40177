/**
 * `npm run demo`: a realistic consulting program on the embedded platform, then a SaaS program with milestones and a
 * budget that runs out, and a readable summary. Everything goes through the public HTTP API; time is simulated so
 * the holds pass in a moment.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostConfigSchema } from '@referral-ledger/service-host';
import { createLogger, loadConfig } from '@referral-ledger/service-kit';
import { ControllableClock } from '@referral-ledger/testing';
import { startPlatform } from '../platform';
import { ok } from '@referral-ledger/client';
import { DemoDriver } from './demo-driver';
import { runSaasProgram } from './saas-program';
import { printSummary } from './summary';

const CAMPAIGNS = [
  { source: 'newsletter', medium: 'email', campaign: 'spring-launch' },
  { source: 'linkedin', medium: 'social', campaign: 'partner-week' },
  { source: 'customer-portal', medium: 'referral', campaign: 'always-on' },
];
const REFERRERS = 30;
const FRIENDS = 300;

async function main(): Promise<void> {
  const started = Date.now();
  const clock = new ControllableClock('2026-04-01T08:00:00Z');
  const dataDir = mkdtempSync(join(tmpdir(), 'referral-ledger-demo-'));
  const platform = await startPlatform(loadConfig(hostConfigSchema, { PORT: '0', DATA_DIR: dataDir, HOLD_SWEEP_INTERVAL_MS: '100' }), createLogger('silent', 'demo'), clock.now);
  const demo = new DemoDriver(platform, clock.now);
  try {
    const program = await ok(
      demo.as('admin').POST('/v1/programs', {
        body: {
          name: 'Consulting partners 2026',
          landingUrl: 'https://consulting.example.com/start',
          currency: 'EUR',
          attribution: { windowDays: 30, model: 'last_touch' },
          trigger: 'first_payment',
          holdDays: 14,
          referrerReward: { kind: 'percent_of_payment', basisPoints: 500 },
          refereeReward: { kind: 'credit', amount: 25_000 },
        },
      }),
    );
    const referrers = [];
    for (let i = 0; i < REFERRERS; i++) {
      const kit = await ok(
        demo.as('integration').POST('/v1/programs/{programId}/referrers', {
          params: { path: { programId: program.id } },
          body: { customerId: `client-${i}`, email: `partner${i}@client${i}.example` },
        }),
      );
      referrers.push({ id: `client-${i}`, kit });
    }
    let signups = 0;
    for (let f = 0; f < FRIENDS; f++) {
      const referrer = referrers[(f * 7) % REFERRERS];
      const clickId = await demo.click(referrer.kit.link, CAMPAIGNS[f % CAMPAIGNS.length]);
      clock.advance(90_000);
      if (f % 5 === 4) continue; // a fifth of the clicks never sign up
      const friend = `prospect-${f}`;
      await demo.platformEvent('customer.signed_up', { customerId: friend, email: `buyer${f}@prospect${f}.example`, clickId, country: ['DE', 'FR', 'NL'][f % 3] });
      signups++;
      if (f % 4 !== 0) {
        clock.advance(3_600_000);
        await demo.platformEvent('payment.succeeded', {
          customerId: friend,
          paymentId: `inv-${f}`,
          amount: 480_000 + (f % 5) * 120_000,
          currency: 'EUR',
          plan: 'annual',
          interval: 'year',
        });
        if (f % 37 === 1) await demo.platformEvent('payment.refunded', { customerId: friend, paymentId: `inv-${f}`, amount: 480_000, currency: 'EUR' });
      }
    }
    for (let s = 0; s < 5; s++) {
      const cheat = referrers[s];
      await demo.platformEvent('customer.signed_up', {
        customerId: `${cheat.id}-second-account`,
        email: `Partner${s}@Client${s}.example`,
        referralCode: cheat.kit.code.toLowerCase(),
      });
    }
    await demo.platformEvent('customer.signed_up', { customerId: 'throwaway-1', email: 'free@mailinator.com', referralCode: referrers[0].kit.code });

    await demo.settled();
    clock.advanceDays(15);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await demo.settled();
    const secondProgram = await runSaasProgram(platform, demo, clock);
    await printSummary(platform, demo, program.id, { referrers: REFERRERS, friendsClicking: FRIENDS, signups, seconds: (Date.now() - started) / 1000 }, secondProgram);
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

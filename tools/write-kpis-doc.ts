import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kpiDocument } from '@referral-ledger/analytics-service';

/** `npm run docs:kpis`: writes docs/kpis.md from the KPI views' definitions (a test fails while it is out of date). */
const target = join(__dirname, '..', 'docs', 'kpis.md');
writeFileSync(target, kpiDocument());
process.stdout.write(`wrote ${target}\n`);

import type { PoolClient } from 'pg';
import { Upserts } from '../tables/upserts';
import { KpiDaily } from './kpi-tables';

export const MEASURES = ['clicks', 'signups', 'qualified', 'conversions', 'rejected', 'fraud_rejected', 'reward_cost_minor', 'revenue_minor'] as const;
export type Measure = (typeof MEASURES)[number];
/** The value of a dimension that is not known. */
export const NONE = 'none';

/** A batch's increments to `analytics.kpi_daily`, summed per row in memory and added in one upsert. */
export class KpiTotals {
  private readonly upserts = new Upserts(KpiDaily, Object.fromEntries(MEASURES.map((measure) => [measure, 'sum' as const])));

  /** Keyed by the table's primary columns: day, program, campaign, channel, country. */
  add(at: string, dims: { programId: string; campaign: string; channel: string; country: string }, measure: Measure, value: number): void {
    const day = new Date(at).toISOString().slice(0, 10);
    this.upserts.add([day, dims.programId, dims.campaign, dims.channel, dims.country], { [measure]: value });
  }

  write(client: PoolClient): Promise<void> {
    return this.upserts.write(client);
  }
}

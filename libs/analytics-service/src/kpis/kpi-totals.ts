import type { PoolClient } from 'pg';

export const MEASURES = ['clicks', 'signups', 'qualified', 'conversions', 'rejected', 'reward_cost_minor', 'revenue_minor'] as const;
export type Measure = (typeof MEASURES)[number];
/** The value of a dimension that is not known. */
export const NONE = 'none';

interface Row {
  day: string;
  programId: string;
  campaign: string;
  channel: string;
  country: string;
  measures: Record<Measure, number>;
}

/** A batch's increments to `analytics.kpi_daily`, summed per row in memory and added in one upsert. */
export class KpiTotals {
  private readonly rows = new Map<string, Row>();

  add(at: string, dims: { programId: string; campaign: string; channel: string; country: string }, measure: Measure, value: number): void {
    const day = new Date(at).toISOString().slice(0, 10);
    const key = JSON.stringify([day, dims.programId, dims.campaign, dims.channel, dims.country]);
    let row = this.rows.get(key);
    if (!row) {
      row = { day, ...dims, measures: Object.fromEntries(MEASURES.map((m) => [m, 0])) as Record<Measure, number> };
      this.rows.set(key, row);
    }
    row.measures[measure] += value;
  }

  async write(client: PoolClient): Promise<void> {
    if (this.rows.size === 0) return;
    const rows = [...this.rows.values()];
    const measureColumns = MEASURES.join(', ');
    await client.query(
      `INSERT INTO analytics.kpi_daily (day, program_id, campaign, channel, country, ${measureColumns})
       SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::text[], ${MEASURES.map((_, i) => `$${i + 6}::bigint[]`).join(', ')})
       ON CONFLICT (day, program_id, campaign, channel, country) DO UPDATE SET ${MEASURES.map((m) => `${m} = analytics.kpi_daily.${m} + EXCLUDED.${m}`).join(', ')}`,
      [
        rows.map((r) => r.day),
        rows.map((r) => r.programId),
        rows.map((r) => r.campaign),
        rows.map((r) => r.channel),
        rows.map((r) => r.country),
        ...MEASURES.map((m) => rows.map((r) => String(r.measures[m]))),
      ],
    );
  }
}

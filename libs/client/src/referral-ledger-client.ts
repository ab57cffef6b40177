import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './openapi';

/** A refusal of the platform: its status and the `{statusCode, error, message, details?}` body. */
export class ReferralLedgerError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Referral Ledger answered ${status}: ${typeof body === 'object' && body !== null && 'message' in body ? String(body.message) : JSON.stringify(body)}`);
    this.name = 'ReferralLedgerError';
  }
}

export type ReferralLedgerClient = Client<paths>;

/**
 * The platform's HTTP API, typed by its OpenAPI document (paths, parameters, bodies and documented answers):
 * `client.POST('/v1/programs', { body })`. `credentials` is an API key or a referrer token.
 */
export function referralLedgerClient(baseUrl: string, credentials?: string): ReferralLedgerClient {
  const client = createClient<paths>({ baseUrl });
  if (credentials) client.use({ onRequest: ({ request }) => (request.headers.set('Authorization', `Bearer ${credentials}`), request) });
  return client;
}

/** The data of a successful answer, or the platform's refusal as a ReferralLedgerError. */
export async function ok<Data>(call: Promise<{ data?: Data; error?: unknown; response: Response }>): Promise<Data> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ReferralLedgerError(response.status, error);
  // openapi-fetch leaves `data` optional on its result union; a 2xx answer carries it.
  return data as Data;
}

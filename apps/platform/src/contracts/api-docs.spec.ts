import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { PROGRAM_DEFINITION_SCHEMA } from '@referral-ledger/contracts';
import { ControllableClock } from '@referral-ledger/testing';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

/** The OpenAPI document integrators build on: served by the platform, valid for the official parser, and true to the routes. */
describe('the OpenAPI document at /docs', () => {
  const clock = new ControllableClock('2026-06-01T09:00:00Z');
  let client: PlatformClient;
  let document: { openapi: string; paths: Record<string, Record<string, { security?: unknown; requestBody?: { content: Record<string, { schema: unknown }> } }>> };
  beforeAll(async () => {
    client = await startTestPlatform(clock);
    document = (await client.http().get('/docs/openapi.json').expect(200).expect('Content-Type', /json/)).body;
  });
  afterAll(() => client.stop());

  it('is OpenAPI 3.1 that the official parser validates', async () => {
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('is the committed docs/openapi.json, from which the typed client (libs/client) is generated: run `npm run docs:openapi` after changing a route', () => {
    expect(JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'openapi.json'), 'utf8'))).toEqual(document);
  });

  it('describes the public routes, share links included', () => {
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/programs',
        '/v1/programs/{id}',
        '/v1/programs/{id}/rules',
        '/v1/programs/{id}/pause',
        '/v1/programs/{programId}/referrers',
        '/v1/programs/{programId}/referrers/{customerId}/codes',
        '/v1/platform-events',
        '/v1/platform-events/batch',
        '/r/{code}',
        '/v1/codes/{code}/qr.svg',
        '/v1/me/referrals',
        '/v1/customers/{customerId}/balance',
        '/v1/ledger/trial-balance',
        '/v1/kpis',
        '/v1/operations/dead-letters',
        '/health/ready',
        '/metrics',
      ]),
    );
  });

  it('names the roles of each operation, and documents bodies with the schemas that validate them', () => {
    const create = document.paths['/v1/programs'].post;
    expect(create.security).toEqual([{ 'api-key': ['admin'] }]);
    expect(create.requestBody?.content['application/json'].schema).toEqual(JSON.parse(JSON.stringify(PROGRAM_DEFINITION_SCHEMA)));
    expect(document.paths['/v1/platform-events'].post.security).toEqual([{ 'api-key': ['integration'] }]);
    expect(document.paths['/v1/me/balance'].get.security).toEqual([{ 'referrer-token': [] }]);
  });

  it('serves the UI and its assets from the platform itself, without a key', async () => {
    const page = await client.http().get('/docs').expect(200).expect('Content-Type', /html/);
    expect(page.text).toContain('swagger-ui');
    await client.http().get('/docs/swagger-ui-bundle.js').expect(200);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { parse } from 'yaml';
import { CUSTOMER_EVENT_SCHEMAS } from '../inbound/customer-events';
import { OUTBOUND_EVENT_SCHEMAS } from '../outbound/outbound-events';
import { ALL_TOPICS, topicOf } from '../topics';
import { asyncApiDocument } from './asyncapi-document';

const root = join(__dirname, '..', '..', '..', '..');
const committed = readFileSync(join(root, 'docs', 'asyncapi.yaml'), 'utf8');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('the AsyncAPI document of the public topics', () => {
  it('is what the schemas generate (run `npm run docs:asyncapi` after changing them)', () => {
    expect(parse(committed)).toEqual(JSON.parse(JSON.stringify(asyncApiDocument(version))));
  });

  it('is AsyncAPI 3 that the official parser accepts without errors', async () => {
    const { document, diagnostics } = await new Parser().parse(committed);
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 0)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
  });

  it('has a channel per topic and its dead-letter topic, and a message with key and schema per event type', async () => {
    const { document } = await new Parser().parse(committed);
    const addresses =
      document
        ?.channels()
        .all()
        .map((channel) => channel.address()) ?? [];
    for (const topic of ALL_TOPICS) expect(addresses).toEqual(expect.arrayContaining([topic, `${topic}.dlq`]));
    for (const type of [...Object.keys(CUSTOMER_EVENT_SCHEMAS), ...Object.keys(OUTBOUND_EVENT_SCHEMAS)]) {
      const channel = document
        ?.channels()
        .all()
        .find((candidate) => candidate.address() === topicOf(type));
      const message = channel
        ?.messages()
        .all()
        .find((candidate) => candidate.name() === type);
      expect([type, message?.payload()?.properties()?.data?.json()]).toEqual([type, expect.objectContaining({ type: 'object' })]);
      expect([type, message?.bindings().get('kafka')?.value()?.key]).toEqual([type, expect.objectContaining({ type: 'string' })]);
    }
  });
});

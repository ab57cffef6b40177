import { InvalidMessageError } from '../processing/invalid-message-error';
import { anEnvelope } from '../test-support/kafka-fixtures';
import { decodeEnvelope, encodeEnvelope, validateEnvelope } from './event-envelope';

describe('the CloudEvents envelope', () => {
  it('round-trips through bytes unchanged', () => {
    const envelope = anEnvelope('payment.succeeded', { customerId: 'c1', amount: 100 });
    expect(decodeEnvelope(encodeEnvelope(envelope))).toEqual(envelope);
  });

  it.each([
    ['empty bytes', Buffer.alloc(0), /empty message/],
    ['no bytes at all', null, /empty message/],
    ['not JSON', Buffer.from('{"id":'), /not JSON/],
    ['a JSON array', Buffer.from('[]'), /must be a JSON object/],
  ])('refuses %s', (_case, value, reason) => {
    expect(() => decodeEnvelope(value)).toThrow(InvalidMessageError);
    expect(() => decodeEnvelope(value)).toThrow(reason);
  });

  it.each([
    ['another specversion', { specversion: '0.3' }, /specversion must be "1.0"/],
    ['no id', { id: undefined }, /id is required/],
    ['no source', { source: '' }, /source is required/],
    ['no type', { type: undefined }, /type is required/],
    ['an empty subject', { subject: '' }, /subject is required/],
    ['no subject and no customerId to take it from', { subject: undefined, data: {} }, /subject is required/],
    ['a time before 1970', { time: '0000-01-01T00:00:00Z' }, /time must be between 1970-01-01 and 9999-12-31/],
    ['a time that is not RFC 3339', { time: 'yesterday' }, /time must be an RFC 3339 timestamp/],
    ['an id of 5,000 characters', { id: 'x'.repeat(5_000) }, /id must be at most 200 characters/],
    ['a schema version of 0', { schemaversion: 0 }, /schemaversion must be a positive integer/],
    ['data that is not an object', { data: 'hello' }, /data must be a JSON object/],
    ['another content type', { datacontenttype: 'text/plain' }, /datacontenttype must be application\/json/],
  ])('refuses an envelope with %s', (_case, change, reason) => {
    const candidate = JSON.parse(JSON.stringify({ ...anEnvelope('payment.succeeded', { customerId: 'c1' }), ...change }));
    expect(() => validateEnvelope(candidate)).toThrow(reason);
  });

  it('requires only what CloudEvents requires, and fills in the rest', () => {
    const arrivedAt = new Date('2026-06-01T10:00:00Z');
    const envelope = validateEnvelope({ specversion: '1.0', id: 'evt-7', source: '/billing', type: 'payment.succeeded', data: { customerId: 'c9' }, region: 'eu' }, arrivedAt);
    expect(envelope).toMatchObject({ subject: 'c9', correlationid: 'evt-7', schemaversion: 1, time: '2026-06-01T10:00:00.000Z', region: 'eu' });
  });

  it('accepts a schema version sent as a string, as HTTP clients often do', () => {
    expect(validateEnvelope({ ...anEnvelope('x.y', {}), schemaversion: '2' }).schemaversion).toBe(2);
  });
});

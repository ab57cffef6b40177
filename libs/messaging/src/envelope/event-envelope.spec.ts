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
    ['a source that is not a URI reference', { source: '' }, /not a CloudEvents 1.0 envelope/],
    ['no subject', { subject: '' }, /subject is required/],
    ['no correlation id', { correlationid: undefined }, /correlationid is required/],
    ['a schema version of 0', { schemaversion: 0 }, /schemaversion must be a positive integer/],
    ['data that is not an object', { data: 'hello' }, /data must be a JSON object/],
    ['another content type', { datacontenttype: 'text/plain' }, /datacontenttype must be application\/json/],
  ])('refuses an envelope with %s', (_case, change, reason) => {
    const candidate = JSON.parse(JSON.stringify({ ...anEnvelope('payment.succeeded', { customerId: 'c1' }), ...change }));
    expect(() => validateEnvelope(candidate)).toThrow(reason);
  });

  it('accepts a schema version sent as a string, as HTTP clients often do', () => {
    expect(validateEnvelope({ ...anEnvelope('x.y', {}), schemaversion: '2' }).schemaversion).toBe(2);
  });
});

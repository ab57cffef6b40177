import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { createLogger, requestLogging } from './logger';

describe('request logs', () => {
  it('carry no credentials, cookies, tokens or client addresses', async () => {
    let written = '';
    const destination = new Writable({ write: (chunk, _encoding, done) => void ((written += chunk.toString()), done()) });
    const app = express();
    app.use(requestLogging(createLogger('info', 'test', destination)));
    app.get('/me', (_request, response) => void response.cookie('session', 'cookie-secret').send('ok'));
    await request(app)
      .get('/me?token=referrer-token-secret&lang=fr')
      .set('Authorization', 'Bearer api-key-secret-0123')
      .set('Cookie', 'session=cookie-secret')
      .set('X-Forwarded-For', '203.0.113.7')
      .expect(200);
    expect(written).toContain('"url":"/me?token=[redacted]&lang=fr"');
    for (const secret of ['api-key-secret-0123', 'referrer-token-secret', 'cookie-secret', '203.0.113.7', '::ffff']) expect(written).not.toContain(secret);
  });
});

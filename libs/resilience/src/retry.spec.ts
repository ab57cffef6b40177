import { withRetries } from './retry';
import { supervise } from './supervisor';
import { isTransientError } from './transient-errors';

const connectionLost = () => Object.assign(new Error('Connection terminated unexpectedly'), {});
const adminShutdown = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
const badData = () => Object.assign(new Error('date/time field value out of range'), { code: '22008' });

describe('withRetries', () => {
  const fast = { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 };

  it('retries an outage of the infrastructure without limit, and succeeds once it is back', async () => {
    let calls = 0;
    const result = await withRetries(fast, async () => {
      calls++;
      if (calls < 25) throw calls % 2 ? connectionLost() : adminShutdown();
      return 'done';
    });
    expect(result).toBe('done');
    expect(calls).toBe(25);
  });

  it('gives up on an error of the work itself after the attempts of the policy', async () => {
    let calls = 0;
    await expect(
      withRetries(fast, async () => {
        calls++;
        throw badData();
      }),
    ).rejects.toThrow('out of range');
    expect(calls).toBe(3);
  });

  it('throws a permanent error at once', async () => {
    let calls = 0;
    const permanent = new TypeError('not JSON');
    await expect(
      withRetries(
        fast,
        async () => {
          calls++;
          throw permanent;
        },
        { isPermanent: (e) => e === permanent },
      ),
    ).rejects.toBe(permanent);
    expect(calls).toBe(1);
  });
});

describe('isTransientError', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a server shutting down', adminShutdown()],
    ['a lost connection', connectionLost()],
    ['a kafkajs connection error', Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError' })],
    ['a wrapped cause', new Error('relay failed', { cause: adminShutdown() })],
  ])('counts %s as transient', (_case, error) => expect(isTransientError(error)).toBe(true));

  it.each([
    ['bad data', badData()],
    ['a btree row too large', Object.assign(new Error('index row size exceeds btree maximum'), { code: '54000' })],
    ['a plain bug', new TypeError('x is undefined')],
    ['a string', 'oops'],
  ])('counts %s as an error of the work', (_case, error) => expect(isTransientError(error)).toBe(false));
});

describe('supervise', () => {
  it('restarts a failing loop, reporting each failure, until it is stopped', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const loop = supervise({
      run: async (stopping) => {
        runs++;
        if (runs < 3) throw new Error(`run ${runs} failed`);
        while (!stopping()) await new Promise((resolve) => setTimeout(resolve, 5));
      },
      onError: (error) => errors.push(error),
      backoff: { attempts: Infinity, initialDelayMs: 1, maxDelayMs: 2 },
    });
    while (runs < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await loop.stop();
    expect(errors.map((e) => (e as Error).message)).toEqual(['run 1 failed', 'run 2 failed']);
    await expect(loop.finished).resolves.toBeUndefined();
  });
});

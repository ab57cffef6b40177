import { InMemoryEventStore } from '../in-memory/in-memory-event-store';
import { deterministicEventId } from './deterministic-id';
import { handleCommand, type CommandContext, type StreamDecider } from './handle-command';

type Added = { type: 'seat.added'; data: { seats: number } };
type AddSeat = { seats: number; limit: number };
const seats: StreamDecider<number, AddSeat, Added> = {
  initialState: () => 0,
  evolve: (total, event) => total + event.data.seats,
  decide: (command, total) => {
    if (total + command.seats > command.limit) throw new Error(`Only ${command.limit} seats`);
    return [{ type: 'seat.added', data: { seats: command.seats } }];
  },
  canHandle: <Candidate extends { type: string; data: unknown }>(event: Candidate): event is Candidate & Added => event.type === 'seat.added',
};
const context = (causationId: string | null = 'message-1'): CommandContext => ({ correlationId: 'corr-1', causationId, actor: 'test', now: new Date('2026-03-01T08:00:00Z') });

describe('handleCommand', () => {
  it('appends what the decider decides, with the metadata of the command', async () => {
    const store = new InMemoryEventStore();
    const result = await handleCommand(store, 'team-1', seats, { seats: 2, limit: 10 }, context());
    expect(result).toEqual({ newEvents: [{ type: 'seat.added', data: { seats: 2 } }], state: 2 });
    const [stored] = await store.readStream('team-1');
    expect(stored.metadata).toEqual({ correlationId: 'corr-1', causationId: 'message-1', occurredAt: '2026-03-01T08:00:00.000Z', schemaVersion: 1, actor: 'test' });
    expect(stored.id).toBe(deterministicEventId('team-1', 'message-1', '0', 'seat.added'));
  });

  it('appends nothing new when the same message is handled twice', async () => {
    const store = new InMemoryEventStore();
    const nonIdempotent: StreamDecider<number, AddSeat, Added> = { ...seats, decide: (command) => [{ type: 'seat.added', data: { seats: command.seats } }] };
    await handleCommand(store, 'team-1', nonIdempotent, { seats: 2, limit: 10 }, context('message-7'));
    await handleCommand(store, 'team-1', nonIdempotent, { seats: 2, limit: 10 }, context('message-7'));
    expect(await store.readStream('team-1')).toHaveLength(1);
  });

  it('decides again on fresh state when another writer got there first, so every concurrent command counts', async () => {
    const store = new InMemoryEventStore();
    await Promise.all(Array.from({ length: 8 }, (_, i) => handleCommand(store, 'team-1', seats, { seats: 1, limit: 100 }, context(`message-${i}`))));
    expect(await store.readStream('team-1')).toHaveLength(8);
  });

  it('lets commands on one stream in this process take turns: 50 at once, one attempt each, none conflicts, and a refusal does not block the rest', async () => {
    const store = new InMemoryEventStore();
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => handleCommand(store, 'team-1', seats, { seats: 1, limit: 40 }, context(`message-${i}`), 1)));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(40);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => String((outcome as PromiseRejectedResult).reason))).toEqual(
      Array(10).fill('Error: Only 40 seats'),
    );
    expect(await store.readStream('team-1')).toHaveLength(40);
  });

  it('lets the decider refuse, and writes nothing', async () => {
    const store = new InMemoryEventStore();
    await expect(handleCommand(store, 'team-1', seats, { seats: 11, limit: 10 }, context())).rejects.toThrow('Only 10 seats');
    expect(await store.readStream('team-1')).toEqual([]);
  });

  it('derives distinct, valid UUIDs from distinct causes', () => {
    const a = deterministicEventId('s', 'm', '0');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicEventId('s', 'm', '1')).not.toBe(a);
    expect(deterministicEventId('s', 'm', '0')).toBe(a);
  });
});

import { DeciderSpecification } from './decider-specification';
import { IllegalStateError, canHandle, stateFrom, type Command, type Decider, type DomainEvent } from './decider';

type Counted = DomainEvent<'counted', { by: number }>;
type Count = Command<'Count', { by: number }>;
const counter: Decider<number, Count, Counted> = {
  initialState: () => 0,
  evolve: (total, event) => total + event.data.by,
  decide: (command, total) => {
    if (total + command.data.by > 10) throw new IllegalStateError('limit is 10');
    return command.data.by === 0 ? [] : [{ type: 'counted', data: { by: command.data.by } }];
  },
  canHandle: canHandle<Counted>({ counted: true }),
};
const count = (by: number): Count => ({ type: 'Count', data: { by }, metadata: { now: new Date(0) } });

describe('DeciderSpecification', () => {
  const given = DeciderSpecification(counter).given;

  it('folds the given events into the state the command sees', () => {
    expect(
      stateFrom(counter, [
        { type: 'counted', data: { by: 4 } },
        { type: 'counted', data: { by: 5 } },
      ]),
    ).toBe(9);
    given([{ type: 'counted', data: { by: 9 } }])
      .when(count(1))
      .then([{ type: 'counted', data: { by: 1 } }]);
  });

  it('checks for no events and for the error a rule throws', () => {
    given([]).when(count(0)).thenNothingHappens();
    given([{ type: 'counted', data: { by: 9 } }])
      .when(count(2))
      .thenThrows(IllegalStateError, 'limit is 10');
  });

  it('fails when the decision differs from the expectation', () => {
    expect(() => given([]).when(count(1)).then([])).toThrow();
  });

  it('tells its own events from others by type, and narrows them', () => {
    const stored: Array<{ type: string; data: unknown; position: number }> = [
      { type: 'counted', data: { by: 2 }, position: 1 },
      { type: 'renamed', data: { name: 'x' }, position: 2 },
    ];
    const own = stored.filter(counter.canHandle);
    expect(own.map((event) => [event.position, event.data.by])).toEqual([[1, 2]]);
  });
});

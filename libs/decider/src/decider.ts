/** A command: what someone asks for, with the time it is asked at (never read from a clock inside). */
export interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
  metadata: { now: Date };
}

/** A domain event: a fact, named in the past tense. */
export interface DomainEvent<Type extends string, Data> {
  type: Type;
  data: Data;
}

/** Any stored or received event: a type and data not yet known to be of a given union. */
export interface UntypedEvent {
  type: string;
  data: unknown;
}

/** Narrows an untyped event to one union by its type: what is read back is checked, never cast. */
export type EventGuard<E> = <Candidate extends UntypedEvent>(event: Candidate) => event is Candidate & E;

/**
 * The guard of one event union, from the complete list of its types: leaving a type out, or naming one the
 * union does not have, fails to compile.
 */
export function canHandle<E extends UntypedEvent>(types: { readonly [Type in E['type']]: true }): EventGuard<E> {
  const known = new Set<string>(Object.keys(types));
  return <Candidate extends UntypedEvent>(event: Candidate): event is Candidate & E => known.has(event.type);
}

/** Pure domain logic: decide what happens, evolve the state from what happened. */
export interface Decider<State, C, E> {
  decide(command: C, state: State): E[];
  evolve(state: State, event: E): State;
  initialState(): State;
  /** Which stored events `evolve` understands. */
  canHandle: EventGuard<E>;
}

/** The command is not allowed in the aggregate's current state. */
export class IllegalStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IllegalStateError';
  }
}

/** The command is about something that does not exist (yet): a review never opened, say. */
export class UnknownSubjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownSubjectError';
  }
}

/** One value no rule accepts: `field` is its dotted path in the request (`caps.budget.unit`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The command carries values no rule accepts: each problem is named, for a 400 with details. */
export class InvalidInputError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map(({ field, message }) => `${field} ${message}`).join('; '));
    this.name = 'InvalidInputError';
  }
}

export function stateFrom<State, E>(decider: Pick<Decider<State, never, E>, 'evolve' | 'initialState'>, events: readonly E[]): State {
  return events.reduce(decider.evolve, decider.initialState());
}

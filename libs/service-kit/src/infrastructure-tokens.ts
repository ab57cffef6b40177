/** What the composition root (an app) provides to the service modules, whichever adapters it chose. */
export const EVENT_STORE = Symbol('EVENT_STORE');
/** The `pg` pool of the service's own Postgres (read models, checkpoints). */
export const POSTGRES_POOL = Symbol('POSTGRES_POOL');
/** `() => Date`: every module reads time through it, so tests and demos can move time. */
export const CLOCK = Symbol('CLOCK');

export type Clock = () => Date;

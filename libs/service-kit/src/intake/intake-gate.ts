/** Provided by the host: intake routes ask it before accepting, so a backlog cannot grow without bound. */
export const INTAKE_GATE = Symbol('INTAKE_GATE');

export interface IntakeGate {
  /** Throws IntakeSaturatedError when the platform is too far behind to take more now. */
  admit(): void;
}

/** Answered 429 with `Retry-After`: nothing was accepted, send it again later. */
export class IntakeSaturatedError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'IntakeSaturatedError';
  }
}

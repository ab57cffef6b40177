/** A dependency the service needs before it can take traffic (database, broker…). `check` throws when it is down. */
export interface ReadinessCheck {
  name: string;
  /** Resolves when up, with figures worth showing (e.g. parked events); throws when down. */
  check(): Promise<void | Record<string, unknown>>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** A dependency the service needs before it can take traffic (database, broker…). `check` throws when it is down. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

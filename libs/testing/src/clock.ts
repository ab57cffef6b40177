/** A clock that tests move by hand, so time-dependent rules (holds, windows) run without waiting. */
export class ControllableClock {
  private current: number;

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  readonly now = (): Date => new Date(this.current);

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }

  advanceDays(days: number): void {
    this.advance(days * 24 * 60 * 60 * 1000);
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}

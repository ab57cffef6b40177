/**
 * Thrown by a handler when a message came before what it depends on (a payment before its customer's
 * signup): the message waits, keyed by `waitKey`, and is handled again once a message of that key has been.
 */
export class NotYetApplicableError extends Error {
  constructor(
    readonly waitKey: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'NotYetApplicableError';
  }
}

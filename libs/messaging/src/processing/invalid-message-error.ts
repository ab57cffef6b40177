/** A message that can never be handled as it is (unparseable, wrong schema, unknown type): straight to the DLQ. */
export class InvalidMessageError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidMessageError';
  }
}

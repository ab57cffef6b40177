import { BadRequestException } from '@nestjs/common';
import { errorBody } from '../errors/error-body';

const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A query parameter that names an instant (`asOf`, `from`, `to`): ISO 8601 between 1970 and 9999, else 400 naming the field. */
export function parseInstant(field: string, value: string): Date {
  const at = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime()) || at.getTime() < EARLIEST || at.getTime() > LATEST) {
    throw new BadRequestException(errorBody(400, 'Invalid request', [{ field, message: `${field} must be an ISO 8601 date or date-time between 1970 and 9999` }]));
  }
  return at;
}

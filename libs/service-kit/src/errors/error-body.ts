import { STATUS_CODES } from 'node:http';

/** The one error shape of every route (DESIGN.md §7). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: Array<{ field: string; message: string }>;
}

export function errorBody(statusCode: number, message: string, details?: ErrorBody['details']): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(details?.length ? { details } : {}) };
}

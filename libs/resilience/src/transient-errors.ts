/**
 * Errors of the infrastructure, not of the message: a lost connection, a server restarting, a broker
 * away. Retrying them without limit is right (order kept); dead-lettering them would lose valid work.
 */
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

// SQLSTATE classes and codes: 08 connection, 53 resources, 57P0x shutdown, 40001/40P01 serialisation and deadlock, 55P03 lock timeout.
const TRANSIENT_SQLSTATE = /^(08|53|57P0|40001|40P01|55P03|57014)/;

const TRANSIENT_MESSAGES =
  /Connection terminated|connection timeout|Client has encountered a connection error|Cannot use a pool after calling end|timeout exceeded when trying to connect|socket hang up|read ECONNRESET/i;

export function isTransientError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, retriable, name, message, cause } = error as { code?: unknown; retriable?: unknown; name?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === 'string' && (TRANSIENT_NODE_CODES.has(code) || (code.length === 5 && TRANSIENT_SQLSTATE.test(code)))) return true;
  // kafkajs marks what a retry can cure; its connection errors are retriable.
  if (retriable === true || (typeof name === 'string' && /^KafkaJS(Connection|NumberOfRetriesExceeded|RequestTimeout|BrokerNotFound)/.test(name))) return true;
  if (typeof message === 'string' && TRANSIENT_MESSAGES.test(message)) return true;
  return cause !== undefined && cause !== error && isTransientError(cause);
}

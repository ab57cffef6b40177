export { isTransientError } from './transient-errors';
export { DEFAULT_RETRY_POLICY, backoffDelay, withRetries, type RetryOptions, type RetryPolicy } from './retry';
export { supervise, type SuperviseOptions, type SupervisedLoop } from './supervisor';

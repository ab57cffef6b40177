export { BlindIndex } from './blind-index';
export { DataKeys } from './data-keys';
export { normalizeEmail } from './email-normalization';
export { ForgottenSubjectError, PiiCipher } from './pii-cipher';
export { parseKey } from './aes-gcm';
export { PRIVACY_MIGRATIONS } from './schema';

import type { NestExpressApplication } from '@nestjs/platform-express';

/** Deeper than any contract of ours; a hostile body nested thousands deep is refused before it is parsed. */
export const MAX_JSON_DEPTH = 32;
/** Room for a batch of 1,000 CloudEvents. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * JSON bodies with limits that answer 4xx, never 500: 413 over the size limit, 415 for a charset other
 * than UTF-8 or an unknown content encoding, 400 for broken gzip, broken JSON or nesting past the limit.
 */
export function useBodyParsing(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: MAX_BODY_BYTES, type: JSON_TYPES, verify: refuseDeepNesting });
}

function refuseDeepNesting(_request: unknown, _response: unknown, body: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === 0x5c) i++;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), { status: 400, expose: true });
    } else if (byte === 0x7d || byte === 0x5d) depth--;
  }
}

import Ajv, { type AnySchema, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

export interface FieldError {
  /** JSON pointer into `data`, e.g. `/amount`; '' for the object itself. */
  field: string;
  message: string;
}

/** On success `value` is the checked data, typed as the shape its schema describes. */
export type SchemaVerdict<T = unknown> = { ok: true; value: T } | { ok: false; reason: 'unknown_schema' } | { ok: false; reason: 'invalid'; errors: FieldError[] };

/**
 * Validates data against named JSON Schemas: event `data` by event type, HTTP bodies by route. The one
 * validator of everything that comes in, so Kafka and HTTP refuse the same things with the same words.
 */
export class SchemaValidator<Shapes extends object = Record<string, unknown>> {
  private readonly ajv = addFormats(new Ajv({ allErrors: true, strict: true, discriminator: true }));

  constructor(private readonly schemas: Readonly<Record<string, AnySchema>>) {
    for (const [name, schema] of Object.entries(schemas)) this.ajv.addSchema(schema, name);
  }

  knows(name: string): boolean {
    return Object.hasOwn(this.schemas, name);
  }

  validate(name: string, data: unknown): SchemaVerdict<Shapes[keyof Shapes]> {
    const validate = this.knows(name) ? this.ajv.getSchema<Shapes[keyof Shapes]>(name) : undefined;
    if (!validate) return { ok: false, reason: 'unknown_schema' };
    if (validate(data)) return { ok: true, value: data };
    return { ok: false, reason: 'invalid', errors: (validate.errors ?? []).map(toFieldError) };
  }
}

/** The field at fault: for a missing or unknown property, that property rather than the object holding it. */
function toFieldError(error: ErrorObject): FieldError {
  if (error.keyword === 'additionalProperties') {
    return { field: `${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}`, message: 'is not a known field' };
  }
  const missing = error.keyword === 'required' ? `/${(error.params as { missingProperty: string }).missingProperty}` : '';
  return { field: `${error.instancePath}${missing}`, message: error.message ?? error.keyword };
}

export function describeFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.field || '(data)'} ${e.message}`).join('; ');
}

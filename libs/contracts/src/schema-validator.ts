import Ajv, { type AnySchema, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

export interface FieldError {
  /** JSON pointer into `data`, e.g. `/amount`; '' for the object itself. */
  field: string;
  message: string;
}

export type SchemaVerdict = { ok: true } | { ok: false; reason: 'unknown_type' } | { ok: false; reason: 'invalid'; errors: FieldError[] };

/** Validates event `data` against the JSON Schema of its type; the one validator of inbound messages. */
export class EventSchemaValidator {
  private readonly ajv = addFormats(new Ajv({ allErrors: true, strict: true }));

  constructor(private readonly schemas: Readonly<Record<string, AnySchema>>) {
    for (const [type, schema] of Object.entries(schemas)) this.ajv.addSchema(schema, type);
  }

  knows(type: string): boolean {
    return type in this.schemas;
  }

  validate(type: string, data: unknown): SchemaVerdict {
    const validate = this.knows(type) ? this.ajv.getSchema(type) : undefined;
    if (!validate) return { ok: false, reason: 'unknown_type' };
    if (validate(data)) return { ok: true };
    return { ok: false, reason: 'invalid', errors: (validate.errors ?? []).map(toFieldError) };
  }
}

function toFieldError(error: ErrorObject): FieldError {
  const missing = error.keyword === 'required' ? `/${(error.params as { missingProperty: string }).missingProperty}` : '';
  return { field: `${error.instancePath}${missing}`, message: error.message ?? error.keyword };
}

export function describeFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.field || '(data)'} ${e.message}`).join('; ');
}

import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Building blocks of the outbound event schemas: ids, instants (RFC 3339), money in integer minor units. */
export const Id = Type.String({ minLength: 1, maxLength: 200 });
export const Instant = Type.String({ format: 'date-time' });
export const MinorUnits = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'integer minor units (cents) or whole units' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** A closed set of strings, as a JSON Schema `enum`. */
export const OneOf = <const Values extends readonly string[]>(values: Values) => Type.Unsafe<Values[number]>({ type: 'string', enum: [...values] });

/** The events of one schema catalogue as a discriminated union: `{type, data}` with data typed by its schema. */
export type EventsOf<Schemas extends Record<string, TSchema>> = { [Type in keyof Schemas & string]: { type: Type; data: Static<Schemas[Type]> } }[keyof Schemas & string];

/** The data of one event type of a catalogue. */
export type DataOf<Schemas extends Record<string, TSchema>, Type extends keyof Schemas> = Static<Schemas[Type]>;

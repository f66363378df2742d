/**
 * The plain field kinds that need no parsing — free text, a number, and a
 * reference to another record (a dictionary entry, a person, a file) by id —
 * kept here so the kind table in index.ts stays a table.
 */
import { Schema } from "effect"

/** Free text, up to 10 000 characters. */
export const FieldText = Schema.String.check(Schema.isMaxLength(10_000))

/** A finite number (no NaN, no infinities). */
export const FieldNumber = Schema.Finite

/** The id of a referenced record: a UUID (the platform's ids are UUIDv7). */
export const EntityId = Schema.String.check(Schema.isUUID())

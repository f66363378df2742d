/**
 * Shared plumbing for field values: a message in both UI languages, and the
 * "normalise, then check" schema shape every typed string field uses, so that
 * what an operator types (spaces, dashes, look-alike letters) is cleaned once
 * and the stored value is always the canonical form.
 */
import { bilingual } from "@org/core"
import { Schema, SchemaGetter } from "effect"

/** A validation message in English and Russian. */
export interface FieldMessage {
  readonly en: string
  readonly ru: string
}

/**
 * Registers the Russian text for `en` (so `decodeInput` reports both) and
 * returns both, for plain functions that answer without a schema.
 */
export const fieldMessage = (en: string, ru: string): FieldMessage => ({ en: bilingual(en, ru), ru })

/**
 * A string schema that decodes by normalising the input and then checking the
 * normalised value; `problem` returns the English text of a `fieldMessage`, or
 * undefined when the value is fine. It encodes the canonical form unchanged.
 * `description` and `examples` document it in the OpenAPI document.
 */
export const normalisedString = (
  normalise: (raw: string) => string,
  problem: (value: string) => string | undefined,
  doc: { readonly description: string; readonly examples: readonly [string, ...string[]] },
) =>
  Schema.String.annotate(doc).pipe(
    Schema.decodeTo(Schema.String.check(Schema.makeFilter((value: string) => problem(value))), {
      decode: SchemaGetter.transform(normalise),
      encode: SchemaGetter.passthrough(),
    }),
  )

/** Runs a field schema the way the HTTP edge does (`decodeInput`) and returns the value or the field issues. */
import { decodeInput, type FieldIssue } from "@org/core"
import { Cause, Effect, Exit, type Schema } from "effect"

export const decoded = <S extends Schema.Decoder<unknown>>(schema: S, input: unknown): S["Type"] => {
  const exit = Effect.runSyncExit(decodeInput(schema)(input))
  if (Exit.isSuccess(exit)) return exit.value
  throw new Error(`expected ${JSON.stringify(input)} to decode, got ${JSON.stringify(Cause.squash(exit.cause))}`)
}

export const issues = <S extends Schema.Decoder<unknown>>(schema: S, input: unknown): readonly FieldIssue[] => {
  const exit = Effect.runSyncExit(decodeInput(schema)(input))
  if (Exit.isSuccess(exit)) throw new Error(`expected ${JSON.stringify(input)} to fail, got ${JSON.stringify(exit.value)}`)
  const error = Cause.squash(exit.cause) as { _tag?: string; fields?: readonly FieldIssue[] }
  if (error._tag !== "ValidationError" || !error.fields) throw new Error(`expected a ValidationError, got ${String(error)}`)
  return error.fields
}

/** One issue at the top level of the value. */
export const issue = (en: string, ru: string, path = ""): FieldIssue[] => [{ path, en, ru }]

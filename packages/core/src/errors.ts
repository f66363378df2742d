/**
 * Typed domain failures shared by every package. Each maps to one RFC 9457
 * problem (see `problem.ts`); the `code` is stable and part of the public API.
 */
import { Schema } from "effect"

/** One invalid or missing input field, with messages in both UI languages. */
export const FieldIssue = Schema.Struct({
  path: Schema.String,
  en: Schema.String,
  ru: Schema.String,
})
export type FieldIssue = typeof FieldIssue.Type

export class ValidationError extends Schema.TaggedError<ValidationError>()("ValidationError", {
  fields: Schema.Array(FieldIssue),
}) {}

export class MalformedBody extends Schema.TaggedError<MalformedBody>()("MalformedBody", {
  reason: Schema.String,
}) {}

export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()("PayloadTooLarge", {
  limitBytes: Schema.Number,
}) {}

export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  entity: Schema.String,
  id: Schema.optional(Schema.String),
}) {}

export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", {
  reason: Schema.Literals(["no_credentials", "invalid_credentials", "session_expired", "token_invalid", "api_key_revoked"]),
}) {}

export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", {
  required: Schema.optional(Schema.Array(Schema.String)),
}) {}

export class Conflict extends Schema.TaggedError<Conflict>()("Conflict", {
  entity: Schema.String,
  field: Schema.optional(Schema.String),
  /** for optimistic concurrency: the version the record has now */
  currentVersion: Schema.optional(Schema.Number),
}) {}

export class TooManyRequests extends Schema.TaggedError<TooManyRequests>()("TooManyRequests", {
  retryAfterSeconds: Schema.Number,
}) {}

/**
 * A domain rule refused the request, with its own stable code and message in
 * both languages (e.g. a case move the state machine does not allow). Extra
 * members go into the problem as RFC 9457 extension members.
 */
export class DomainRejection extends Schema.TaggedError<DomainRejection>()("DomainRejection", {
  status: Schema.Literals([403, 404, 409, 422]),
  code: Schema.String,
  en: Schema.String,
  ru: Schema.String,
  extra: Schema.optional(Schema.Record(Schema.String, Schema.Unknown)),
}) {}

/** An unexpected database failure: a server problem, never the client's. */
export class DatabaseError extends Schema.TaggedError<DatabaseError>()("DatabaseError", {
  message: Schema.String,
  sqlState: Schema.optional(Schema.String),
}) {}

export type ClientError =
  | ValidationError
  | MalformedBody
  | PayloadTooLarge
  | NotFound
  | Unauthorized
  | Forbidden
  | Conflict
  | TooManyRequests
  | DomainRejection

export type AppError = ClientError | DatabaseError

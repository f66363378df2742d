/**
 * @org/cases — browser-safe public API of the case desk: the case DTO, the
 * inputs, and the events it publishes.
 */
import { bilingual, defineEvent } from "@org/core"
import { Schema } from "effect"

/** The statuses of untyped cases; a typed case's status is a state key of its type. */
export const CaseStatus = Schema.Literals(["new", "in_progress", "resolved", "closed"])
export type CaseStatus = typeof CaseStatus.Type

export const CaseDto = Schema.Struct({
  id: Schema.String,
  number: Schema.String,
  title: Schema.String,
  status: Schema.String,
  applicantPhone: Schema.NullOr(Schema.String),
  /** the case type's key, null for an untyped case */
  type: Schema.NullOr(Schema.String),
  typeVersion: Schema.NullOr(Schema.Number),
  values: Schema.Record(Schema.String, Schema.Unknown),
  flags: Schema.Array(Schema.String),
  assigneeId: Schema.NullOr(Schema.String),
  version: Schema.Number,
  createdAt: Schema.String,
  updatedAt: Schema.String,
})
export type CaseDto = typeof CaseDto.Type

/** Phone numbers as people type them: digits with an optional +, spaces, dashes, brackets. */
export const PhoneInput = Schema.String.check(
  Schema.isPattern(/^\+?[\d\s()-]{5,20}$/, { message: bilingual("Expected a phone number like +7 900 123-45-67", "Ожидается номер телефона, например +7 900 123-45-67") }),
)

const TypeKey = Schema.String.check(Schema.isPattern(/^[a-z][a-z0-9_]{0,62}$/))
const Values = Schema.Record(Schema.String, Schema.Unknown)
const Flags = Schema.Array(Schema.String.check(Schema.isPattern(/^[a-z][a-z0-9_]{0,62}$/))).check(Schema.isMaxLength(20))

export const NewCase = Schema.Struct({
  title: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(300)),
  applicantPhone: Schema.optional(Schema.NullOr(PhoneInput)),
  /** open the case as this type (its fields, states and numbers) */
  type: Schema.optional(TypeKey),
  values: Schema.optional(Values),
  flags: Schema.optional(Flags),
})
export type NewCase = typeof NewCase.Type

export const CaseChange = Schema.Struct({
  /** the version the change is based on; a stale one gets 409 with the current version */
  version: Schema.Int,
  title: Schema.optional(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(300))),
  /** only the fields to change; null clears a field */
  values: Schema.optional(Values),
  flags: Schema.optional(Flags),
  /** who works the case: an active user of the tenant; null unassigns */
  assigneeId: Schema.optional(Schema.NullOr(Schema.String.check(Schema.isUUID()))),
})
export type CaseChange = typeof CaseChange.Type

export const CaseMove = Schema.Struct({
  to: TypeKey,
  version: Schema.Int,
  comment: Schema.optional(Schema.String.check(Schema.isMaxLength(5000))),
})
export type CaseMove = typeof CaseMove.Type

export const CasePage = Schema.Struct({ items: Schema.Array(CaseDto), nextCursor: Schema.NullOr(Schema.String) })

export const JournalEntry = Schema.Struct({
  id: Schema.String,
  kind: Schema.Literals(["created", "fields", "moved", "flags", "comment", "attachment", "message", "service", "script", "call", "sla"]),
  actorLogin: Schema.String,
  data: Schema.Unknown,
  at: Schema.String,
})
export type JournalEntry = typeof JournalEntry.Type

export const caseCreated = defineEvent("case.created", CaseDto)
export const caseUpdated = defineEvent("case.updated", CaseDto)
/** a person wrote in the case (a comment); the SLA's first response counts it */
export const caseCommented = defineEvent("case.commented", Schema.Struct({ caseId: Schema.String, by: Schema.String, at: Schema.String }))
export const caseMoved = defineEvent("case.moved", Schema.Struct({ case: CaseDto, from: Schema.String, to: Schema.String }))

export * from "./types"
export * from "./partner-services/api"
export * from "./applicants/api"
export * from "./scripts/api"
export * from "./attachments/api"
export * from "./messages/api"
export * from "./search/api"
export * from "./sla/api"
export * from "./analytics/api"

/**
 * @org/cases — browser-safe public API of the case desk: the case DTO, the
 * inputs, and the events it publishes.
 */
import { bilingual, defineEvent } from "@org/core"
import { Schema } from "effect"

export const CaseStatus = Schema.Literals(["new", "in_progress", "resolved", "closed"])
export type CaseStatus = typeof CaseStatus.Type

export const CaseDto = Schema.Struct({
  id: Schema.String,
  number: Schema.String,
  title: Schema.String,
  status: CaseStatus,
  applicantPhone: Schema.NullOr(Schema.String),
  createdAt: Schema.String,
})
export type CaseDto = typeof CaseDto.Type

/** Phone numbers as people type them: digits with an optional +, spaces, dashes, brackets. */
export const PhoneInput = Schema.String.check(
  Schema.isPattern(/^\+?[\d\s()-]{5,20}$/, { message: bilingual("Expected a phone number like +7 900 123-45-67", "Ожидается номер телефона, например +7 900 123-45-67") }),
)

export const NewCase = Schema.Struct({
  title: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(300)),
  applicantPhone: Schema.optional(Schema.NullOr(PhoneInput)),
})
export type NewCase = typeof NewCase.Type

export const CasePage = Schema.Struct({ items: Schema.Array(CaseDto), nextCursor: Schema.NullOr(Schema.String) })

export const caseCreated = defineEvent("case.created", CaseDto)

export * from "./types"

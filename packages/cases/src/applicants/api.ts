/** Browser-safe schemas and events of applicants recognised by phone (re-exported by @org/cases). */
import { defineEvent } from "@org/core"
import { Schema } from "effect"

export const ApplicantDto = Schema.Struct({
  id: Schema.String,
  /** E.164 */
  phone: Schema.String,
  name: Schema.NullOr(Schema.String),
  /** the case-type fields marked fromApplicant, last known values by field key */
  values: Schema.Record(Schema.String, Schema.Unknown),
  /** cases opened for this phone */
  casesCount: Schema.Number,
  lastCaseAt: Schema.NullOr(Schema.String),
  version: Schema.Number,
})
export type ApplicantDto = typeof ApplicantDto.Type

/** A previous case of the applicant, as the history list shows it. */
export const ApplicantCaseDto = Schema.Struct({
  id: Schema.String,
  number: Schema.String,
  title: Schema.String,
  type: Schema.NullOr(Schema.String),
  status: Schema.String,
  createdAt: Schema.String,
  /** the title and a few field values, one short line */
  preview: Schema.String,
})
export type ApplicantCaseDto = typeof ApplicantCaseDto.Type

/** What the desk knows about a phone: the applicant (null when new) and their cases, newest first (at most 20). */
export const ApplicantLookupDto = Schema.Struct({ applicant: Schema.NullOr(ApplicantDto), cases: Schema.Array(ApplicantCaseDto) })
export type ApplicantLookupDto = typeof ApplicantLookupDto.Type

export const ApplicantPage = Schema.Struct({ items: Schema.Array(ApplicantDto), nextCursor: Schema.NullOr(Schema.String) })

/** An operator corrected an applicant's card (name or remembered values). */
export const applicantUpdated = defineEvent("case.applicant_updated", ApplicantDto)

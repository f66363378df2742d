/**
 * HTTP routes of applicants recognised by phone, mounted under /api/v1/cases:
 * a phone's applicant and history, a case's applicant, the applicant cards.
 */
import { bilingual } from "@org/core"
import { type AppEnv, type AppRuntime, type Database, endpoint } from "@org/core/server"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import { PhoneInput } from "../index"
import { ApplicantDto, ApplicantLookupDto, ApplicantPage } from "./api"
import { Applicants } from "./service"

const tags = ["applicants"]
const Uuid = Schema.String.check(Schema.isUUID())
const noNul = Schema.makeFilter((v: unknown) => (JSON.stringify(v).includes("\\u0000")
  ? bilingual("Must not contain the NUL character", "Не может содержать символ NUL")
  : undefined))

const ApplicantChangeBody = Schema.Struct({
  version: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  name: Schema.optional(Schema.NullOr(Schema.String.check(Schema.isMaxLength(300), noNul))),
  /** only the fields to change; null forgets a value */
  values: Schema.optional(Schema.Record(Schema.String, Schema.Unknown).check(noNul)),
})
const ListQuery = Schema.Struct({
  q: Schema.optional(Schema.String.check(Schema.isMaxLength(200), noNul)),
  limit: Schema.optional(Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 200 }))),
  cursor: Schema.optional(Uuid),
})

const withApplicants = <A, E, R>(f: (s: Applicants["Service"]) => Effect.Effect<A, E, R>) => Effect.flatMap(Effect.service(Applicants), f)

export const makeApplicantsRoutes = (runtime: AppRuntime<Applicants | Database>) => {
  const ep = endpoint(runtime)
  return new Hono<AppEnv>()
    // before "/applicants/:applicantId"
    .get("/applicants/lookup", ep({
      summary: "Who is calling: the applicant of a phone (any common format) and their cases, newest first (at most 20)", tags,
      query: Schema.Struct({ phone: PhoneInput }), response: ApplicantLookupDto,
    }, ({ query }) => withApplicants((s) => s.lookup(query.phone))))
    .get("/applicants", ep({
      summary: "Applicants, newest first; q matches the name or the phone", tags, query: ListQuery, response: ApplicantPage,
    }, ({ query }) => withApplicants((s) => s.list({ ...query, limit: query.limit ?? 50 }))))
    .get("/applicants/:applicantId", ep({
      summary: "One applicant", tags, params: Schema.Struct({ applicantId: Uuid }), response: ApplicantDto,
    }, ({ params }) => withApplicants((s) => s.get(params.applicantId))))
    .patch("/applicants/:applicantId", ep({
      summary: "Correct an applicant's name or remembered values (409 with currentVersion when `version` is stale)",
      description: "`values` keys are fields marked fromApplicant in the tenant's case types, checked by their kind; null forgets a value.",
      tags, params: Schema.Struct({ applicantId: Uuid }), body: ApplicantChangeBody, response: ApplicantDto,
    }, ({ params, body }) => withApplicants((s) => s.update(params.applicantId, body))))
    .get("/:id/applicant", ep({
      summary: "The case's applicant and their other cases, newest first (at most 20)", tags,
      params: Schema.Struct({ id: Uuid }), response: ApplicantLookupDto,
    }, ({ params }) => withApplicants((s) => s.forCase(params.id))))
}

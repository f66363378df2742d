/**
 * The applicant store as plain effects, for the Cases service: what a known
 * phone pre-fills in a new case, and what a saved case teaches about its
 * applicant. Both run in the caller's transaction when there is one.
 */
import { CurrentActor, type Database, type DatabaseError, useDb } from "@org/core/server"
import { and, eq, sql } from "drizzle-orm"
import { Effect, Exit } from "effect"
import { v7 as uuidv7 } from "uuid"
import { checkValues, type Values } from "../case-values"
import { applicants } from "../db/applicants"
import { normalisePhone } from "../fields"
import { type CaseTypeDef, isEmpty } from "../types"

/** Field keys whose value is the applicant's name, in order of preference. */
export const NAME_FIELDS = ["full_name", "caller", "applicant_name"] as const

const isName = (key: string) => (NAME_FIELDS as readonly string[]).includes(key)

/** The applicant's row for a phone already in E.164, in the current tenant. */
export const findApplicant = (phone: string) =>
  Effect.gen(function* () {
    const actor = yield* CurrentActor
    const [row] = yield* useDb((db) => db.select().from(applicants).where(and(eq(applicants.tenantId, actor.tenantId), eq(applicants.phone, phone))))
    return row ?? null
  })

/** `value` as field `key` of `def` would store it, or undefined when it no longer fits (the type changed since). */
const fitting = (def: CaseTypeDef, key: string, value: unknown): unknown => {
  const exit = Effect.runSyncExit(checkValues(def, { [key]: value }, "update"))
  return Exit.isSuccess(exit) && !isEmpty(exit.value[key]) ? exit.value[key] : undefined
}

/**
 * The known values of `def`'s fromApplicant fields for `phone` (any common
 * format), keyed by field key; empty for an unknown phone. A name field with
 * no value of its own gets the applicant's name, and the first phone field
 * the applicant's phone. Values that no longer fit their field are left out.
 */
export const prefillFromApplicant = (def: CaseTypeDef, phone: string): Effect.Effect<Values, DatabaseError, Database | CurrentActor> =>
  Effect.gen(function* () {
    const e164 = normalisePhone(phone)
    if (!e164) return {}
    const row = yield* findApplicant(e164)
    if (!row) return {}
    const known = (row.values ?? {}) as Values
    const out: Values = {}
    let phoneGiven = false
    for (const f of def.fields) {
      if (!f.fromApplicant) continue
      let candidate = known[f.key]
      if (isEmpty(candidate) && isName(f.key) && f.kind === "text") candidate = row.name
      if (isEmpty(candidate) && f.kind === "phone" && !phoneGiven) candidate = row.phone
      const value = isEmpty(candidate) ? undefined : fitting(def, f.key, candidate)
      if (value === undefined) continue
      out[f.key] = value
      if (f.kind === "phone") phoneGiven = true
    }
    return out
  })

/**
 * Remembers what a case says about its applicant: creates the applicant for
 * `phone` (any common format; an unreadable one is ignored) or merges into it
 * the non-empty values of `def`'s fromApplicant fields (older values of other
 * fields stay). The name comes from full_name / caller / applicant_name.
 * Nothing is written when nothing would change.
 */
export const rememberApplicant = (def: CaseTypeDef | null, phone: string, values: Values): Effect.Effect<void, DatabaseError, Database | CurrentActor> =>
  Effect.gen(function* () {
    const e164 = normalisePhone(phone)
    if (!e164) return
    const actor = yield* CurrentActor
    const learned: Values = {}
    for (const f of def?.fields ?? []) {
      if (f.fromApplicant && !isEmpty(values[f.key])) learned[f.key] = values[f.key]
    }
    const nameKey = NAME_FIELDS.find((k) => typeof values[k] === "string" && (values[k] as string).trim() !== "")
    const name = nameKey ? (values[nameKey] as string).trim().slice(0, 300) : null
    const t = applicants
    yield* useDb((db) =>
      db.insert(t).values({ id: uuidv7(), tenantId: actor.tenantId, phone: e164, name, values: learned })
        .onConflictDoUpdate({
          target: [t.tenantId, t.phone],
          set: {
            values: sql`${t.values} || excluded."values"`,
            name: sql`coalesce(excluded."name", ${t.name})`,
            version: sql`${t.version} + 1`,
            updatedAt: new Date(),
          },
          // a call that teaches nothing new leaves the applicant (and its version) as it was
          setWhere: sql`(${t.values} || excluded."values") <> ${t.values} or (excluded."name" is not null and excluded."name" is distinct from ${t.name})`,
        }))
  })

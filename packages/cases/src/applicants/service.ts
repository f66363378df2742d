/**
 * The `Applicants` service: applicants recognised by phone — look a phone up
 * (the applicant and their previous cases), list and correct applicant cards.
 * Cases feed it through `store.ts` when they are saved.
 */
import {
  Conflict, CurrentActor, EventBus, NotFound, recordAudit, toPage, transaction, useDb, ValidationError,
} from "@org/core/server"
import type { FieldIssue } from "@org/core"
import { and, desc, eq, ilike, inArray, lt, or, sql } from "drizzle-orm"
import { Context, Effect, Exit, Layer, Option } from "effect"
import { checkValues, type Values } from "../case-values"
import { CaseTypes } from "../case-types-service"
import { applicants } from "../db/applicants"
import { cases } from "../db/schema"
import { normalisePhone } from "../fields"
import type { CaseTypeDef, FieldKind } from "../types"
import { type ApplicantCaseDto, type ApplicantDto, type ApplicantLookupDto, applicantUpdated } from "./api"
import { findApplicant, prefillFromApplicant, rememberApplicant } from "./store"

type Row = typeof applicants.$inferSelect
type CaseRow = typeof cases.$inferSelect

/** How many previous cases a lookup shows. */
export const HISTORY_LIMIT = 20
/** Field kinds a case preview shows (ids and phones say nothing at a glance). */
const PREVIEW_KINDS: readonly FieldKind[] = ["text", "plate", "vin", "address", "number", "date", "email"]
const PREVIEW_MAX = 200

const iso = (d: Date | string) => new Date(d).toISOString()
const invalid = (path: string, en: string, ru: string) => new ValidationError({ fields: [{ path, en, ru }] })
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/** "Title · value · value · value", at most PREVIEW_MAX characters. */
export const casePreview = (title: string, values: Values, def: CaseTypeDef | undefined): string => {
  const parts = [title]
  for (const f of def?.fields ?? []) {
    if (parts.length > 3) break
    if (!PREVIEW_KINDS.includes(f.kind)) continue
    const v = values[f.key]
    const text = typeof v === "string" ? v.trim() : typeof v === "number" ? String(v)
      : v && typeof v === "object" && typeof (v as { text?: unknown }).text === "string" ? (v as { text: string }).text.trim() : ""
    if (text && !parts.includes(text)) parts.push(text.replace(/\s+/g, " "))
  }
  const line = parts.join(" · ")
  return line.length > PREVIEW_MAX ? `${line.slice(0, PREVIEW_MAX - 1)}…` : line
}

export interface ApplicantChange {
  readonly version: number
  readonly name?: string | null | undefined
  readonly values?: Values | undefined
}

export class Applicants extends Context.Service<Applicants>()("@org/cases/Applicants", {
  make: Effect.gen(function* () {
    const bus = yield* EventBus
    const types = yield* CaseTypes

    /** Number of cases and the newest one's time, per phone, in the current tenant. */
    const caseStats = (phones: readonly string[]) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        if (!phones.length) return new Map<string, { count: number; last: string | null }>()
        const rows = yield* useDb((db) =>
          db.select({ phone: cases.applicantPhone, count: sql<number>`count(*)::int`, last: sql<string | null>`max(${cases.createdAt})` })
            .from(cases).where(and(eq(cases.tenantId, actor.tenantId), inArray(cases.applicantPhone, [...phones])))
            .groupBy(cases.applicantPhone))
        return new Map(rows.map((r) => [r.phone!, { count: Number(r.count), last: r.last ? iso(r.last) : null }]))
      })

    const toDtos = (rows: readonly Row[]) =>
      Effect.gen(function* () {
        const stats = yield* caseStats(rows.map((r) => r.phone))
        return rows.map((r): ApplicantDto => ({
          id: r.id, phone: r.phone, name: r.name, values: (r.values ?? {}) as Values,
          casesCount: stats.get(r.phone)?.count ?? 0, lastCaseAt: stats.get(r.phone)?.last ?? null, version: r.version,
        }))
      })

    const toDto = (r: Row) => Effect.map(toDtos([r]), (d) => d[0]!)

    /** The current definitions of the given type keys (a type deleted since is left out). */
    const definitions = (keys: readonly string[]) =>
      Effect.gen(function* () {
        const defs = new Map<string, CaseTypeDef>()
        for (const key of new Set(keys)) {
          const t = yield* types.get(key).pipe(Effect.option)
          if (Option.isSome(t)) defs.set(key, t.value.definition)
        }
        return defs
      })

    /** The cases of a phone, newest first, without `exceptId`. */
    const history = (phone: string, exceptId?: string) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const rows: CaseRow[] = yield* useDb((db) =>
          db.select().from(cases)
            .where(and(eq(cases.tenantId, actor.tenantId), eq(cases.applicantPhone, phone), exceptId ? sql`${cases.id} <> ${exceptId}` : undefined))
            .orderBy(desc(cases.id)).limit(HISTORY_LIMIT))
        const defs = yield* definitions(rows.flatMap((r) => (r.typeKey ? [r.typeKey] : [])))
        return rows.map((r): ApplicantCaseDto => ({
          id: r.id, number: r.number, title: r.title, type: r.typeKey, status: r.status, createdAt: iso(r.createdAt),
          preview: casePreview(r.title, (r.values ?? {}) as Values, r.typeKey ? defs.get(r.typeKey) : undefined),
        }))
      })

    const lookupE164 = (phone: string, exceptId?: string) =>
      Effect.gen(function* () {
        const row = yield* findApplicant(phone)
        return { applicant: row ? yield* toDto(row) : null, cases: yield* history(phone, exceptId) } satisfies ApplicantLookupDto
      })

    /** The applicant and previous cases of a phone typed in any common format (+7 (900) 123-45-67, 8 900 …). */
    const lookup = Effect.fn("Applicants.lookup")(function* (phone: string) {
      // An unencoded "+" in a query string arrives as a space: " 44 20 …" is read as "+44 20 …".
      const e164 = normalisePhone(phone) ?? (/^\s+\d/.test(phone) ? normalisePhone(`+${phone.trim()}`) : null)
      if (!e164) return yield* invalid("query.phone", "Expected a phone number like +7 900 123-45-67", "Ожидается номер телефона, например +7 900 123-45-67")
      return yield* lookupE164(e164)
    })

    /** The same for a case's applicant phone, without the case itself. */
    const forCase = Effect.fn("Applicants.forCase")(function* (caseId: string) {
      const actor = yield* CurrentActor
      const [c] = yield* useDb((db) => db.select({ id: cases.id, phone: cases.applicantPhone }).from(cases)
        .where(and(eq(cases.tenantId, actor.tenantId), eq(cases.id, caseId))))
      if (!c) return yield* new NotFound({ entity: "case", id: caseId })
      if (!c.phone) return { applicant: null, cases: [] } satisfies ApplicantLookupDto
      return yield* lookupE164(c.phone, c.id)
    })

    /** Newest first; `q` matches the name or the phone (digits in any format). */
    const list = Effect.fn("Applicants.list")(function* (q: { q?: string | undefined; limit: number; cursor?: string | undefined }) {
      const actor = yield* CurrentActor
      const text = q.q?.trim()
      const digits = text?.replace(/\D/g, "") ?? ""
      const e164 = text ? normalisePhone(text) : null
      const match = text
        ? or(
          ilike(applicants.name, `%${likeEscape(text)}%`),
          digits.length >= 3 ? sql`${applicants.phone} like ${`%${digits}%`}` : undefined,
          e164 ? eq(applicants.phone, e164) : undefined,
        )
        : undefined
      const rows = yield* useDb((db) => db.select().from(applicants)
        .where(and(eq(applicants.tenantId, actor.tenantId), q.cursor ? lt(applicants.id, q.cursor) : undefined, match))
        .orderBy(desc(applicants.id)).limit(q.limit + 1))
      const page = toPage(rows, q.limit, (r) => r)
      return { items: yield* toDtos(page.items), nextCursor: page.nextCursor }
    })

    const row = (id: string) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const [r] = yield* useDb((db) => db.select().from(applicants).where(and(eq(applicants.tenantId, actor.tenantId), eq(applicants.id, id))))
        if (!r) return yield* new NotFound({ entity: "applicant", id })
        return r
      })

    const get = Effect.fn("Applicants.get")(function* (id: string) {
      return yield* toDto(yield* row(id))
    })

    /**
     * Checks remembered values: each key must be a fromApplicant field of one of
     * the tenant's case types, and its value fit that field's kind (normalised
     * as a case would store it). Null clears a value.
     */
    const checkRemembered = (input: Values) =>
      Effect.gen(function* () {
        const summaries = yield* types.list()
        const defs = [...(yield* definitions(summaries.map((s) => s.key))).values()]
        const issues: FieldIssue[] = []
        const out: Values = {}
        for (const [key, value] of Object.entries(input)) {
          const def = defs.find((d) => d.fields.some((f) => f.key === key && f.fromApplicant))
          if (!def) {
            issues.push({ path: `values.${key}`, en: "No case type remembers this field of an applicant", ru: "Ни один тип обращения не запоминает это поле заявителя" })
            continue
          }
          const exit = Effect.runSyncExit(checkValues(def, { [key]: value }, "update"))
          if (Exit.isSuccess(exit)) out[key] = exit.value[key]
          else {
            const e = Exit.findErrorOption(exit)
            if (Option.isSome(e)) issues.push(...e.value.fields)
          }
        }
        if (issues.length) return yield* new ValidationError({ fields: issues })
        return out
      })

    const update = Effect.fn("Applicants.update")(function* (id: string, change: ApplicantChange) {
      const checked = change.values ? yield* checkRemembered(change.values) : {}
      return yield* transaction(Effect.gen(function* () {
        const r = yield* row(id)
        if (r.version !== change.version) return yield* new Conflict({ entity: "applicant", currentVersion: r.version })
        const before = (r.values ?? {}) as Values
        const values = Object.fromEntries(Object.entries({ ...before, ...checked }).filter(([, v]) => v !== null))
        const name = change.name === undefined ? r.name : change.name?.trim() || null
        if (name === r.name && JSON.stringify(values) === JSON.stringify(before)) return yield* toDto(r) // nothing to do: no new version
        const [saved] = yield* useDb((db) => db.update(applicants).set({ name, values, version: change.version + 1, updatedAt: new Date() })
          .where(and(eq(applicants.id, r.id), eq(applicants.version, change.version))).returning())
        if (!saved) return yield* new Conflict({ entity: "applicant", currentVersion: r.version })
        const dto = yield* toDto(saved)
        yield* recordAudit({ action: "applicant.update", entity: "applicant", entityId: id, data: { name: name !== r.name ? name : undefined, fields: Object.keys(checked) } })
        yield* bus.publish(applicantUpdated, dto)
        return dto
      }))
    })

    /** The store's effects, for modules that hold the service rather than import the store (see store.ts). */
    const remember = Effect.fn("Applicants.remember")(function* (def: CaseTypeDef | null, phone: string, values: Values) {
      yield* rememberApplicant(def, phone, values)
    })
    const prefill = Effect.fn("Applicants.prefill")(function* (def: CaseTypeDef, phone: string) {
      return yield* prefillFromApplicant(def, phone)
    })

    return { lookup, forCase, list, get, update, remember, prefill }
  }),
}) {
  static layer = Layer.effect(Applicants, Applicants.make)
}

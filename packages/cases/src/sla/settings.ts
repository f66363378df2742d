/**
 * SLA settings of a tenant (admins): business-hours calendars and the policy
 * of each case type. Saving either never moves clocks already running: a
 * clock keeps the target and calendar it started with.
 */
import { Conflict, CurrentActor, NotFound, recordAudit, transaction, useDb, ValidationError } from "@org/core/server"
import { and, asc, eq, sql } from "drizzle-orm"
import { Effect } from "effect"
import { v7 as uuidv7 } from "uuid"
import type { CaseTypes } from "../case-types-service"
import { slaCalendars, slaPolicies, type SlaTargetRow, type SlaWeek } from "../db/sla"
import type { Reference } from "../reference-service"
import type { SlaCalendarDto, SlaCalendarInput, SlaPolicyDto, SlaPolicyInput } from "./api"
import { canonicalTimeZone, SLA_WEEKDAYS, type SlaInterval } from "./business-time"

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)
export const iso = (d: Date | string) => new Date(d).toISOString()

type CalendarRow = typeof slaCalendars.$inferSelect
type PolicyRow = typeof slaPolicies.$inferSelect

export const calendarDto = (r: CalendarRow): SlaCalendarDto => ({
  id: r.id, name: r.name, timeZone: r.timeZone, week: r.week, holidays: r.holidays, version: r.version,
  createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt),
})

export const policyDto = (r: PolicyRow): SlaPolicyDto => ({
  typeKey: r.typeKey, calendarId: r.calendarId, targets: r.targets, version: r.version, updatedAt: iso(r.updatedAt),
})

/** Every weekday present, each day's intervals by start time; holidays unique and sorted. */
const calendarValues = (input: SlaCalendarInput) => ({
  name: input.name.trim(),
  timeZone: canonicalTimeZone(input.timeZone),
  // "HH:MM" strings sort as times do.
  week: Object.fromEntries(SLA_WEEKDAYS.map((d) => [d, (input.week[d] ?? []).map(([s, e]): SlaInterval => [s, e]).sort((a, b) => a[0].localeCompare(b[0]))])) as SlaWeek,
  holidays: [...new Set(input.holidays ?? [])].sort(),
})

/** A calendar of the current tenant, or NotFound. */
export const findCalendar = (id: string) =>
  Effect.gen(function* () {
    const actor = yield* CurrentActor
    const [row] = isUuid(id) ? yield* useDb((db) => db.select().from(slaCalendars).where(and(eq(slaCalendars.tenantId, actor.tenantId), eq(slaCalendars.id, id)))) : []
    if (!row) return yield* new NotFound({ entity: "sla_calendar", id })
    return row
  })

export const makeSettings = (types: CaseTypes["Service"], reference: Reference["Service"]) => {
  const listCalendars = Effect.fn("CaseSla.listCalendars")(function* () {
    const actor = yield* CurrentActor
    const rows = yield* useDb((db) => db.select().from(slaCalendars).where(eq(slaCalendars.tenantId, actor.tenantId)).orderBy(asc(slaCalendars.name), asc(slaCalendars.id)))
    return rows.map(calendarDto)
  })

  const createCalendar = Effect.fn("CaseSla.createCalendar")(function* (input: SlaCalendarInput) {
    const actor = yield* CurrentActor
    return yield* transaction(Effect.gen(function* () {
      const [row] = yield* useDb((db) => db.insert(slaCalendars).values({ id: uuidv7(), tenantId: actor.tenantId, ...calendarValues(input) }).returning())
      yield* recordAudit({ action: "sla_calendar.create", entity: "sla_calendar", entityId: row.id, data: { name: row.name } })
      return calendarDto(row)
    }))
  })

  /** Replaces a calendar if `expectedVersion` is still its version; 409 with the current version otherwise. */
  const updateCalendar = Effect.fn("CaseSla.updateCalendar")(function* (id: string, input: SlaCalendarInput, expectedVersion: number) {
    const current = yield* findCalendar(id)
    return yield* transaction(Effect.gen(function* () {
      const [saved] = yield* useDb((db) => db.update(slaCalendars).set({ ...calendarValues(input), version: expectedVersion + 1, updatedAt: new Date() })
        .where(and(eq(slaCalendars.id, current.id), eq(slaCalendars.version, expectedVersion))).returning())
      if (!saved) return yield* new Conflict({ entity: "sla_calendar", currentVersion: current.version })
      yield* recordAudit({ action: "sla_calendar.update", entity: "sla_calendar", entityId: id, data: { version: saved.version } })
      return calendarDto(saved)
    }))
  })

  const listPolicies = Effect.fn("CaseSla.listPolicies")(function* () {
    const actor = yield* CurrentActor
    const rows = yield* useDb((db) => db.select().from(slaPolicies).where(eq(slaPolicies.tenantId, actor.tenantId)).orderBy(asc(slaPolicies.typeKey)))
    return rows.map(policyDto)
  })

  /** Codes of the tenant's "priorities" dictionary (none when it has no such dictionary). */
  const priorityCodes = Effect.gen(function* () {
    const codes = new Set<string>()
    let cursor: string | undefined
    do {
      const page = yield* reference.listItems("priorities", { limit: 200, cursor, includeArchived: true })
      for (const item of page.items) if (item.code) codes.add(item.code)
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    return codes
  }).pipe(Effect.catchTag("NotFound", () => Effect.succeed(new Set<string>())))

  /**
   * Creates or replaces the policy of a case type (404 for an unknown type).
   * The calendar must be one of the tenant's; each target's priority is
   * "default" or a code of the priorities dictionary. With `version`, a stale
   * one gets 409 with the current version.
   */
  const putPolicy = Effect.fn("CaseSla.putPolicy")(function* (typeKey: string, input: SlaPolicyInput) {
    const actor = yield* CurrentActor
    yield* types.get(typeKey)
    const issues: { path: string; en: string; ru: string }[] = []
    const calendarId = input.calendarId ?? null
    if (calendarId && !(yield* findCalendar(calendarId).pipe(Effect.as(true), Effect.catchTag("NotFound", () => Effect.succeed(false))))) {
      issues.push({ path: "calendarId", en: "No such calendar", ru: "Такого календаря нет" })
    }
    const codes = input.targets.some((t) => t.priority !== "default") ? yield* priorityCodes : new Set<string>()
    input.targets.forEach((t, i) => {
      if (t.priority !== "default" && !codes.has(t.priority)) {
        issues.push({ path: `targets.${i}.priority`, en: `"${t.priority}" is not a code of the priorities dictionary`, ru: `«${t.priority}» — не код из справочника приоритетов` })
      }
    })
    if (issues.length) return yield* new ValidationError({ fields: issues })
    const targets: SlaTargetRow[] = input.targets.map((t) => ({
      priority: t.priority, firstResponseMinutes: t.firstResponseMinutes, resolutionMinutes: t.resolutionMinutes, warnAtPercent: t.warnAtPercent ?? 80,
    }))
    return yield* transaction(Effect.gen(function* () {
      const [saved] = yield* useDb((db) => db.insert(slaPolicies).values({ tenantId: actor.tenantId, typeKey, calendarId, targets })
        .onConflictDoUpdate({
          target: [slaPolicies.tenantId, slaPolicies.typeKey],
          set: { calendarId, targets, version: sql`${slaPolicies.version} + 1`, updatedAt: new Date() },
          ...(input.version !== undefined ? { setWhere: eq(slaPolicies.version, input.version) } : {}),
        }).returning())
      if (!saved) {
        const [current] = yield* useDb((db) => db.select({ version: slaPolicies.version }).from(slaPolicies)
          .where(and(eq(slaPolicies.tenantId, actor.tenantId), eq(slaPolicies.typeKey, typeKey))))
        return yield* new Conflict({ entity: "sla_policy", ...(current ? { currentVersion: current.version } : {}) })
      }
      yield* recordAudit({ action: "sla_policy.save", entity: "sla_policy", entityId: null, data: { typeKey, version: saved.version, calendarId, targets } })
      return policyDto(saved)
    }))
  })

  return { listCalendars, createCalendar, updateCalendar, listPolicies, putPolicy }
}

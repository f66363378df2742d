/**
 * The `CaseAnalytics` service: the case desk's analytics. The roadside report
 * — services, times and costs by service type, actions by type, a daily
 * series — is computed in SQL over partner services and case actions joined
 * to their cases; its definitions are in ./api.ts.
 */
import type { Lang } from "@org/core"
import { CurrentActor, tenantDto, useDb, ValidationError } from "@org/core/server"
import { and, eq, type SQL, sql } from "drizzle-orm"
import { Context, Effect, Layer } from "effect"
import { caseActions, caseServices } from "../db/partner-services"
import { cases } from "../db/schema"
import { Reference } from "../reference-service"
import type { RoadsideReport, RoadsideReportQuery } from "./api"

export type RoadsideFilters = Omit<RoadsideReportQuery, "format">

const s = caseServices
const a = caseActions
const c = cases

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v)
/** Minutes between two timestamps, averaged; float8 so both drivers answer a number. */
const avgMinutes = (later: SQL | unknown, earlier: SQL | unknown) => sql<number | null>`avg(extract(epoch from (${later} - ${earlier})) / 60)::float8`
const round2 = (v: number | null) => (v === null ? null : Math.round(Number(v) * 100) / 100)

/** The day ("YYYY-MM-DD") of an instant on the wall clock of `timeZone`. */
const dayIn = (timeZone: string, at: Date) =>
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at)
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

export class CaseAnalytics extends Context.Service<CaseAnalytics>()("@org/cases/CaseAnalytics", {
  make: Effect.gen(function* () {
    const reference = yield* Reference

    const roadside = Effect.fn("CaseAnalytics.roadside")(function* (f: RoadsideFilters) {
      const actor = yield* CurrentActor
      const timeZone = (yield* tenantDto(actor.tenantId))?.timeZone ?? "UTC"
      if (f.from && f.to) {
        const start = Date.parse(isDate(f.from) ? `${f.from}T00:00:00Z` : f.from)
        const end = Date.parse(isDate(f.to) ? `${f.to}T23:59:59Z` : f.to)
        if (end < start) {
          return yield* new ValidationError({ fields: [{ path: "query.to", en: "The end of the period is before its start", ru: "Конец периода раньше его начала" }] })
        }
      }
      const currency = f.currency ?? "RUB"
      // A date bound is a whole day on the tenant's wall clock; an instant is itself ("to" exclusive).
      const fromBound = (col: unknown) => f.from === undefined ? undefined
        : isDate(f.from) ? sql`${col} >= (${f.from}::date)::timestamp at time zone ${timeZone}` : sql`${col} >= ${f.from}::timestamptz`
      const toBound = (col: unknown) => f.to === undefined ? undefined
        : isDate(f.to) ? sql`${col} < ((${f.to}::date) + 1)::timestamp at time zone ${timeZone}` : sql`${col} < ${f.to}::timestamptz`
      const caseFilters = [
        f.city ? sql`${c.values}->>'city' = ${f.city}` : undefined,
        f.program ? sql`${c.values}->>'program' = ${f.program}` : undefined,
      ]
      const services = and(
        eq(s.tenantId, actor.tenantId), fromBound(s.createdAt), toBound(s.createdAt), ...caseFilters,
        f.partnerId ? eq(s.partnerId, f.partnerId) : undefined,
      )
      const actions = and(
        eq(a.tenantId, actor.tenantId), fromBound(a.createdAt), toBound(a.createdAt), ...caseFilters,
        f.partnerId
          ? sql`exists (select 1 from ${s} where ${s.tenantId} = ${a.tenantId} and ${s.caseId} = ${a.caseId} and ${s.partnerId} = ${f.partnerId}::uuid)`
          : undefined,
      )
      const joinCase = and(eq(c.id, s.caseId), eq(c.tenantId, s.tenantId))
      const costIn = (amount: unknown, cur: unknown) => sql<number>`coalesce(sum(${amount}) filter (where ${cur} = ${currency}), 0)::float8`
      const money = (amount: number) => ({ amount: Number(amount), currency })

      const [totals] = yield* useDb((db) => db.select({
        services: sql<number>`count(*)::int`,
        arrival: avgMinutes(s.arrivedAt, s.orderedAt),
        firstProcessing: avgMinutes(s.orderedAt, c.createdAt),
        unassigned: avgMinutes(s.assignedAt, s.orderedAt),
        assigned: avgMinutes(s.arrivedAt, s.assignedAt),
        customerCost: costIn(s.customerCostAmount, s.customerCostCurrency),
        partnerCost: costIn(s.partnerCostAmount, s.partnerCostCurrency),
        satisfied: sql<number>`(count(*) filter (where ${s.satisfied}))::int`,
        rated: sql<number>`count(${s.satisfied})::int`,
      }).from(s).innerJoin(c, joinCase).where(services))

      const types = yield* useDb((db) => db.select({
        kind: s.kind,
        // the label the newest service of the kind carries (labels are kept as they were when set)
        ru: sql<string>`(array_agg(${s.kindLabel}->>'ru' order by ${s.createdAt} desc))[1]`,
        en: sql<string>`(array_agg(${s.kindLabel}->>'en' order by ${s.createdAt} desc))[1]`,
        count: sql<number>`count(*)::int`,
        wait: avgMinutes(s.arrivedAt, s.orderedAt),
        service: avgMinutes(s.finishedAt, s.arrivedAt),
        customerCost: costIn(s.customerCostAmount, s.customerCostCurrency),
        partnerCost: costIn(s.partnerCostAmount, s.partnerCostCurrency),
      }).from(s).innerJoin(c, joinCase).where(services).groupBy(s.kind).orderBy(sql`count(*) desc`, s.kind))

      const actionTypes = yield* useDb((db) => db.select({
        kind: a.kind,
        ru: sql<string>`(array_agg(${a.kindLabel}->>'ru' order by ${a.createdAt} desc))[1]`,
        en: sql<string>`(array_agg(${a.kindLabel}->>'en' order by ${a.createdAt} desc))[1]`,
        count: sql<number>`count(*)::int`,
        overdue: sql<number>`(count(*) filter (where (${a.doneAt} is not null and ${a.doneAt} > ${a.dueAt}) or (${a.doneAt} is null and ${a.dueAt} < now())))::int`,
        execution: avgMinutes(a.doneAt, a.createdAt),
      }).from(a).innerJoin(c, and(eq(c.id, a.caseId), eq(c.tenantId, a.tenantId))).where(actions).groupBy(a.kind).orderBy(sql`count(*) desc`, a.kind))

      // grouped by position: the time zone is a parameter, and two parameters are never "the same expression"
      const days = yield* useDb((db) => db.select({
        day: sql<string>`to_char(${s.createdAt} at time zone ${timeZone}, 'YYYY-MM-DD')`,
        services: sql<number>`count(*)::int`,
        arrival: avgMinutes(s.arrivedAt, s.orderedAt),
      }).from(s).innerJoin(c, joinCase).where(services).groupBy(sql`1`).orderBy(sql`1`))

      return {
        totals: {
          services: Number(totals?.services ?? 0),
          avgArrivalMinutes: round2(totals?.arrival ?? null),
          avgFirstProcessingMinutes: round2(totals?.firstProcessing ?? null),
          avgUnassignedMinutes: round2(totals?.unassigned ?? null),
          avgAssignedMinutes: round2(totals?.assigned ?? null),
          customerCost: money(totals?.customerCost ?? 0),
          partnerCost: money(totals?.partnerCost ?? 0),
          satisfactionPercent: totals && Number(totals.rated) > 0 ? round2((Number(totals.satisfied) / Number(totals.rated)) * 100) : null,
        },
        byServiceType: types.map((t) => ({
          kind: t.kind, label: { ru: t.ru, en: t.en }, count: Number(t.count), avgWaitMinutes: round2(t.wait), avgServiceMinutes: round2(t.service),
          customerCost: money(t.customerCost), partnerCost: money(t.partnerCost),
        })),
        byActionType: actionTypes.map((t) => ({
          kind: t.kind, label: { ru: t.ru, en: t.en }, count: Number(t.count), overdue: Number(t.overdue), avgExecutionMinutes: round2(t.execution),
        })),
        series: fillDays(days.map((d) => ({ day: d.day, services: Number(d.services), avgArrivalMinutes: round2(d.arrival) })), {
          first: f.from ? (isDate(f.from) ? f.from : dayIn(timeZone, new Date(f.from))) : undefined,
          last: f.to ? (isDate(f.to) ? f.to : dayIn(timeZone, new Date(Date.parse(f.to) - 1))) : undefined,
        }),
      } satisfies RoadsideReport
    })

    /** The filters in words for a printed report: "Period: 2025-03-01 – 2025-03-31 · City: Moscow · Partner: Tow 24". */
    const describeFilters = Effect.fn("CaseAnalytics.describeFilters")(function* (f: RoadsideFilters, lang: Lang) {
      const w = lang === "ru"
        ? { period: "Период", all: "всё время", city: "Город", program: "Программа", partner: "Партнёр", made: "Сформирован" }
        : { period: "Period", all: "all time", city: "City", program: "Program", partner: "Partner", made: "Made" }
      const label = (dictionary: string, id: string) =>
        reference.resolve(dictionary, id).pipe(Effect.map((i) => i.label[lang]), Effect.catchTag("NotFound", () => Effect.succeed(id)))
      const parts = [`${w.period}: ${f.from || f.to ? `${f.from ?? "…"} – ${f.to ?? "…"}` : w.all}`]
      if (f.city) parts.push(`${w.city}: ${yield* label("cities", f.city)}`)
      if (f.program) parts.push(`${w.program}: ${yield* label("programs", f.program)}`)
      if (f.partnerId) {
        parts.push(`${w.partner}: ${yield* reference.getPartner(f.partnerId).pipe(Effect.map((p) => p.name), Effect.catchTag("NotFound", () => Effect.succeed(f.partnerId!)))}`)
      }
      const actor = yield* CurrentActor
      const timeZone = (yield* tenantDto(actor.tenantId))?.timeZone ?? "UTC"
      const now = new Date()
      parts.push(`${w.made}: ${dayIn(timeZone, now)} ${new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(now)} (${timeZone})`)
      return { text: parts.join(" · "), today: dayIn(timeZone, now) }
    })

    return { roadside, describeFilters }
  }),
}) {
  static layer = Layer.effect(CaseAnalytics, CaseAnalytics.make)
}

type Day = RoadsideReport["series"][number]
/** Every day from the period's first (or the first with services) to its last (or the last with services), zeros where none. */
const fillDays = (rows: Day[], bounds: { first?: string | undefined; last?: string | undefined }): Day[] => {
  const first = bounds.first ?? rows[0]?.day
  const last = bounds.last ?? rows.at(-1)?.day
  if (!first || !last || first > last) return rows
  const byDay = new Map(rows.map((r) => [r.day, r]))
  const out: Day[] = []
  for (let day = first; day <= last; day = nextDay(day)) {
    if (out.length > 1000) return rows // a period too long to draw day by day: only the days with services
    out.push(byDay.get(day) ?? { day, services: 0, avgArrivalMinutes: null })
  }
  return out
}

/**
 * Browser-safe schemas of the case desk's analytics (re-exported by @org/cases).
 *
 * The roadside report (`GET /api/v1/cases/analytics/roadside`) — the
 * definitions, all computed in SQL over partner services and case actions
 * joined to their cases; an average is over the services (actions) that have
 * both times, null when none has; minutes are rounded to 2 decimals:
 *
 * - which services: those added (createdAt) from `from` (inclusive) to `to`
 *   (a date: through that whole day in the tenant's time zone; an instant:
 *   exclusive), of cases whose `city` / `program` field holds that dictionary
 *   item id, ordered from `partnerId` — whatever their status;
 * - arrival time = arrivedAt − orderedAt (also `avgWaitMinutes` per type);
 * - first processing = the service's orderedAt − its case's createdAt: how long
 *   from the call until a partner was ordered;
 * - unassigned = assignedAt − orderedAt; assigned = arrivedAt − assignedAt;
 * - service time = finishedAt − arrivedAt;
 * - costs: sums of the costs in `currency` (default RUB), other currencies left out;
 * - satisfaction = services the customer was satisfied with / services rated × 100;
 * - actions: those created in the period on cases of that city / program (with
 *   `partnerId`: on cases with a service of that partner); overdue = done after
 *   its due time, or not done and its due time passed; execution = doneAt − createdAt;
 * - series: services and average arrival per day (tenant's time zone), every
 *   day of the period (or from the first to the last service) with zeros.
 */
import { bilingual } from "@org/core"
import { Schema } from "effect"

const Label = Schema.Struct({ ru: Schema.String, en: Schema.String })
const Money = Schema.Struct({ amount: Schema.Number, currency: Schema.String })
const Minutes = Schema.NullOr(Schema.Number)

export const RoadsideReport = Schema.Struct({
  totals: Schema.Struct({
    services: Schema.Number,
    avgArrivalMinutes: Minutes,
    avgFirstProcessingMinutes: Minutes,
    avgUnassignedMinutes: Minutes,
    avgAssignedMinutes: Minutes,
    customerCost: Money,
    partnerCost: Money,
    satisfactionPercent: Schema.NullOr(Schema.Number),
  }),
  byServiceType: Schema.Array(Schema.Struct({
    kind: Schema.String, label: Label, count: Schema.Number, avgWaitMinutes: Minutes, avgServiceMinutes: Minutes, customerCost: Money, partnerCost: Money,
  })),
  byActionType: Schema.Array(Schema.Struct({
    kind: Schema.String, label: Label, count: Schema.Number, overdue: Schema.Number, avgExecutionMinutes: Minutes,
  })),
  series: Schema.Array(Schema.Struct({ day: Schema.String, services: Schema.Number, avgArrivalMinutes: Minutes })),
})
export type RoadsideReport = typeof RoadsideReport.Type

const periodBound = Schema.String.check(Schema.makeFilter((s: string) => {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/.test(s) && !Number.isNaN(Date.parse(s))
  const year = Number(s.slice(0, 4))
  return (date || instant) && year >= 2000 && year <= 2999
    ? undefined
    : bilingual("Expected a date like 2025-03-01 or a time like 2025-03-01T10:00:00Z", "Ожидается дата, например 2025-03-01, или время, например 2025-03-01T10:00:00Z")
}))
const Uuid = Schema.String.check(Schema.isUUID())

export const RoadsideReportQuery = Schema.Struct({
  from: Schema.optional(periodBound),
  to: Schema.optional(periodBound),
  /** an item id of the tenant's "cities" dictionary, as the case's `city` field holds it */
  city: Schema.optional(Uuid),
  /** an item id of the tenant's "programs" dictionary, as the case's `program` field holds it */
  program: Schema.optional(Uuid),
  partnerId: Schema.optional(Uuid),
  /** the currency costs are summed in (default RUB) */
  currency: Schema.optional(Schema.String.check(Schema.isPattern(/^[A-Z]{3}$/, {
    message: bilingual("Expected a currency code like RUB", "Ожидается код валюты, например RUB"),
  }))),
  /** json (default), csv (UTF-8 with BOM, ";"-separated), xlsx or pdf */
  format: Schema.optional(Schema.Literals(["json", "csv", "xlsx", "pdf"])),
})
export type RoadsideReportQuery = typeof RoadsideReportQuery.Type

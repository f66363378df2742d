/** Browser-safe schemas and events of SLA targets, calendars and breaches (re-exported by @org/cases). */
import { bilingual, defineEvent } from "@org/core"
import { Schema } from "effect"
import { dayMinutes, isTimeZone, SLA_WEEKDAYS } from "./business-time"

export type { SlaWeekday } from "./business-time"

const msg = {
  blank: bilingual("Must not be blank", "Поле не может быть пустым"),
  nul: bilingual("Must not contain the NUL character", "Не может содержать символ NUL"),
  start: bilingual("Expected a start time like 09:00", "Ожидается время начала, например 09:00"),
  end: bilingual("Expected an end time like 18:00 (24:00 for midnight)", "Ожидается время окончания, например 18:00 (24:00 — полночь)"),
  same: bilingual(
    "Start and end are the same: for round the clock use 00:00–24:00",
    "Начало и окончание совпадают: для круглосуточной работы укажите 00:00–24:00",
  ),
  overlap: bilingual("Intervals of a day must not overlap", "Интервалы одного дня не должны пересекаться"),
  emptyWeek: bilingual("Give at least one working interval in the week", "Укажите хотя бы один рабочий интервал в неделе"),
  zone: bilingual("Expected an IANA time zone such as Europe/Moscow", "Ожидается часовой пояс IANA, например Europe/Moscow"),
  date: bilingual("Expected a date like 2025-01-01", "Ожидается дата, например 2025-01-01"),
  priority: bilingual("Expected \"default\" or a code of the priorities dictionary", "Ожидается «default» или код из справочника приоритетов"),
  duplicate: bilingual("This priority already has a target", "Для этого приоритета цель уже задана"),
}

const noNul = Schema.makeFilter((s: string) => (s.includes("\u0000") ? msg.nul : undefined))
const nonBlank = (max: number) =>
  Schema.String.check(Schema.makeFilter((s: string) => (s.trim().length > 0 ? undefined : msg.blank)), Schema.isMaxLength(max), noNul)
const Version = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))

// ---------------------------------------------------------------------------------------------
// Calendars.

const StartTime = Schema.String.check(Schema.isPattern(/^([01]\d|2[0-3]):[0-5]\d$/, { message: msg.start }))
const EndTime = Schema.String.check(Schema.isPattern(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { message: msg.end }))
/** ["09:00", "18:00"]; an end before the start runs past midnight ("22:00"–"06:00"). */
export const SlaIntervalInput = Schema.Tuple([StartTime, EndTime]).check(
  Schema.makeFilter(([s, e]) => (s === e ? { path: [1], issue: msg.same } : undefined)),
)
const SlaDayInput = Schema.Array(SlaIntervalInput).check(
  Schema.isMaxLength(12),
  Schema.makeFilter((day) => {
    if (day.some(([s, e]) => s === e)) return undefined // reported on the interval
    const spans = dayMinutes(day)
    for (let i = 1; i < spans.length; i++) if (spans[i][0] < spans[i - 1][1]) return msg.overlap
    // An overnight interval may overlap the next day's morning: business time counts the overlap once.
    return undefined
  }),
)
const OptionalDay = Schema.optional(SlaDayInput)
/** Working intervals per weekday; an absent or empty day is a day off. */
export const SlaWeekInput = Schema.Struct({
  mon: OptionalDay, tue: OptionalDay, wed: OptionalDay, thu: OptionalDay, fri: OptionalDay, sat: OptionalDay, sun: OptionalDay,
}).check(Schema.makeFilter((w) => (SLA_WEEKDAYS.some((d) => (w[d]?.length ?? 0) > 0) ? undefined : msg.emptyWeek)))

const TimeZone = Schema.String.check(Schema.isMaxLength(64), Schema.makeFilter((tz: string) => (isTimeZone(tz) ? undefined : msg.zone)))
const isRealDate = (s: string) => {
  const [y, m, d] = s.split("-").map(Number)
  const t = new Date(Date.UTC(y, m - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
}
const IsoDate = Schema.String.check(Schema.makeFilter((s: string) => (/^\d{4}-\d{2}-\d{2}$/.test(s) && isRealDate(s) ? undefined : msg.date)))

const calendarFields = {
  name: nonBlank(200),
  timeZone: TimeZone,
  week: SlaWeekInput,
  holidays: Schema.optional(Schema.Array(IsoDate).check(Schema.isMaxLength(1000))),
}
export const SlaCalendarInput = Schema.Struct(calendarFields)
export type SlaCalendarInput = typeof SlaCalendarInput.Type
/** A full replacement of a calendar, with the version it was read at. */
export const SlaCalendarUpdate = Schema.Struct({ ...calendarFields, version: Version })

const Days = Schema.Array(Schema.Tuple([Schema.String, Schema.String]))
export const SlaCalendarDto = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  timeZone: Schema.String,
  week: Schema.Struct({ mon: Days, tue: Days, wed: Days, thu: Days, fri: Days, sat: Days, sun: Days }),
  holidays: Schema.Array(Schema.String),
  version: Schema.Number,
  createdAt: Schema.String,
  updatedAt: Schema.String,
})
export type SlaCalendarDto = typeof SlaCalendarDto.Type

// ---------------------------------------------------------------------------------------------
// Policies.

const Minutes = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 525_600 }))
export const SlaTargetInput = Schema.Struct({
  /** "default", or the code of an item of the tenant's "priorities" dictionary */
  priority: Schema.String.check(Schema.isPattern(/^[^\s\u0000]{1,64}$/, { message: msg.priority })),
  firstResponseMinutes: Minutes,
  resolutionMinutes: Minutes,
  warnAtPercent: Schema.optional(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 100 }))),
})
export const SlaPolicyInput = Schema.Struct({
  /** business hours the targets count in; null (or absent): round the clock */
  calendarId: Schema.optional(Schema.NullOr(Schema.String.check(Schema.isUUID()))),
  targets: Schema.Array(SlaTargetInput).check(
    Schema.isMinLength(1),
    Schema.isMaxLength(50),
    Schema.makeFilter((ts) => {
      const seen = new Set<string>()
      const issues: { path: PropertyKey[]; issue: string }[] = []
      ts.forEach((t, i) => {
        if (seen.has(t.priority)) issues.push({ path: [i, "priority"], issue: msg.duplicate })
        seen.add(t.priority)
      })
      return issues.length ? issues : undefined
    }),
  ),
  /** when given, the policy is saved only if this is still its version (409 otherwise) */
  version: Schema.optional(Version),
})
export type SlaPolicyInput = typeof SlaPolicyInput.Type

export const SlaTarget = Schema.Struct({
  priority: Schema.String,
  firstResponseMinutes: Schema.Number,
  resolutionMinutes: Schema.Number,
  warnAtPercent: Schema.Number,
})
export type SlaTarget = typeof SlaTarget.Type
export const SlaPolicyDto = Schema.Struct({
  typeKey: Schema.String,
  calendarId: Schema.NullOr(Schema.String),
  targets: Schema.Array(SlaTarget),
  version: Schema.Number,
  updatedAt: Schema.String,
})
export type SlaPolicyDto = typeof SlaPolicyDto.Type

// ---------------------------------------------------------------------------------------------
// A case's clocks.

export const SlaClockKind = Schema.Literals(["first_response", "resolution"])
export type SlaClockKind = typeof SlaClockKind.Type
export const SlaClockState = Schema.Literals(["running", "paused", "warning", "breached", "met"])
export type SlaClockState = typeof SlaClockState.Type

export const SlaClock = Schema.Struct({
  /** when the target is due (while paused: when it would be due if the clock resumed now) */
  dueAt: Schema.String,
  metAt: Schema.NullOr(Schema.String),
  state: SlaClockState,
  /** business minutes counted so far (pauses excluded) */
  elapsedMinutes: Schema.Number,
  targetMinutes: Schema.Number,
})
export type SlaClock = typeof SlaClock.Type

export const CaseSlaDto = Schema.Struct({
  /** the policy the clocks follow: the case type and the priority whose target applies ("default" when none matched) */
  policy: Schema.NullOr(Schema.Struct({ typeKey: Schema.String, priority: Schema.String })),
  firstResponse: Schema.NullOr(SlaClock),
  resolution: Schema.NullOr(SlaClock),
  /** the case is in a state of the "paused" category */
  paused: Schema.Boolean,
})
export type CaseSlaDto = typeof CaseSlaDto.Type

export const CaseSlaAlert = Schema.Struct({ caseId: Schema.String, number: Schema.String, clock: SlaClockKind, dueAt: Schema.String })
export type CaseSlaAlert = typeof CaseSlaAlert.Type
/** a clock reached its warning threshold (published once per clock run) */
export const caseSlaWarning = defineEvent("case.sla_warning", CaseSlaAlert)
/** a clock passed its due time unmet (published once per clock run) */
export const caseSlaBreached = defineEvent("case.sla_breached", CaseSlaAlert)

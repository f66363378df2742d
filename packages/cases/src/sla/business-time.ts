/**
 * Business time: adding business minutes to an instant and counting the
 * business minutes between two instants, on a calendar of weekly working
 * hours in an IANA time zone, minus holidays. Pure; zone offsets come from
 * Intl, so DST changes are followed (a wall-clock hour that is skipped does
 * not count, one that repeats counts twice). No calendar means 24/7.
 *
 * A day's interval ["22:00", "06:00"] runs past midnight into the next day and
 * belongs to the day it starts on (a holiday on that day removes all of it).
 * "24:00" ends an interval at midnight. Overlapping intervals count once.
 * Business minutes are real elapsed minutes inside working intervals and may
 * be fractional when the instants are not on whole minutes.
 */

export type SlaWeekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun"
export const SLA_WEEKDAYS: readonly SlaWeekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

/** One working interval of a day: ["09:00", "13:00"]; an end before the start runs past midnight. */
export type SlaInterval = readonly [string, string]

export interface BusinessCalendar {
  /** IANA zone, e.g. "Europe/Moscow" */
  readonly timeZone: string
  /** working intervals per weekday; an absent or empty day is a day off */
  readonly week: Readonly<Partial<Record<SlaWeekday, readonly SlaInterval[]>>>
  /** local dates "YYYY-MM-DD" that are days off whatever the weekday */
  readonly holidays: readonly string[]
}

const MINUTE = 60_000
const DAY = 86_400_000
/** How far ahead a deadline is searched; beyond it the deadline is clamped (a calendar with next to no working time). */
const HORIZON_DAYS = 366 * 30

/** "HH:MM" (or "24:00") → minutes after midnight. */
export const minutesOfDay = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** The intervals of a day as [start, end) minutes after that day's midnight; an overnight end is > 1440. */
export const dayMinutes = (intervals: readonly SlaInterval[]): [number, number][] =>
  intervals
    .map(([s, e]): [number, number] => {
      const start = minutesOfDay(s)
      const end = minutesOfDay(e)
      return [start, end > start ? end : end + 1440]
    })
    .sort((a, b) => a[0] - b[0])

/** Whether Intl knows the zone. */
export const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/** The zone's canonical name as Intl spells it ("europe/moscow" → "Europe/Moscow"). */
export const canonicalTimeZone = (tz: string) => new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone

// ---------------------------------------------------------------------------------------------
// Zone arithmetic.

const formatters = new Map<string, Intl.DateTimeFormat>()
const formatter = (tz: string) => {
  let f = formatters.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    })
    formatters.set(tz, f)
  }
  return f
}

interface WallClock { y: number; m: number; d: number; h: number; min: number; s: number }

const wallClock = (tz: string, ms: number): WallClock => {
  const p: Record<string, string> = {}
  for (const part of formatter(tz).formatToParts(new Date(ms))) p[part.type] = part.value
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour) % 24, min: Number(p.minute), s: Number(p.second) }
}

// Offsets change on quarter-hour boundaries in every zone Intl knows, so a quarter-hour key is safe to cache.
const offsets = new Map<string, number>()
const QUARTER = 15 * MINUTE

/** The zone's offset from UTC at instant `ms`, in ms (Moscow: +3 h). */
const offsetAt = (tz: string, ms: number): number => {
  const key = `${tz}|${Math.floor(ms / QUARTER)}`
  const cached = offsets.get(key)
  if (cached !== undefined) return cached
  const at = Math.floor(ms / QUARTER) * QUARTER
  const w = wallClock(tz, at)
  const offset = Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - at
  if (offsets.size > 50_000) offsets.clear()
  offsets.set(key, offset)
  return offset
}

/**
 * The instant of a wall-clock time in the zone. A time that repeats (clocks
 * set back) is its first occurrence; a time that does not exist (clocks set
 * forward) is the end of the gap, so later wall times never map earlier.
 */
export const zonedInstant = (tz: string, y: number, m: number, d: number, minutes: number): number => {
  const wall = Date.UTC(y, m - 1, d, 0, minutes)
  const before = offsetAt(tz, wall - DAY)
  const after = offsetAt(tz, wall + DAY)
  // A candidate is right when the zone's offset at it is the offset it was computed with.
  const valid = [wall - before, wall - after].filter((t) => offsetAt(tz, t) === wall - t)
  if (valid.length) return Math.min(...valid)
  // In a gap: find the transition between the two candidates.
  let lo = Math.min(wall - before, wall - after)
  let hi = Math.max(wall - before, wall - after)
  while (hi - lo > MINUTE) {
    const mid = Math.floor((lo + hi) / 2 / MINUTE) * MINUTE
    if (offsetAt(tz, mid) === before) lo = mid
    else hi = mid
  }
  return hi
}

/** The local calendar date of an instant in the zone. */
export const localDate = (tz: string, ms: number) => {
  const w = wallClock(tz, ms)
  return { y: w.y, m: w.m, d: w.d }
}

const pad = (n: number) => String(n).padStart(2, "0")

// ---------------------------------------------------------------------------------------------
// Working intervals.

interface Compiled {
  tz: string
  week: [number, number][][] // by getUTCDay() of the local date: 0 = Sunday
  holidays: Set<string>
}

const compiled = new WeakMap<BusinessCalendar, Compiled>()
const compile = (cal: BusinessCalendar): Compiled => {
  let c = compiled.get(cal)
  if (!c) {
    const byDay = SLA_WEEKDAYS.map((d) => dayMinutes(cal.week[d] ?? []))
    // SLA_WEEKDAYS starts on Monday; Date#getUTCDay() on Sunday.
    c = { tz: cal.timeZone, week: [byDay[6], ...byDay.slice(0, 6)], holidays: new Set(cal.holidays) }
    compiled.set(cal, c)
  }
  return c
}

/**
 * Working intervals [start, end) in ms, ordered by start, from the local day
 * before `fromMs` (its overnight interval may still run) onwards; intervals
 * may overlap (callers count overlapping time once). Stops after `untilMs`.
 */
function* intervals(c: Compiled, fromMs: number, untilMs: number): Generator<[number, number]> {
  const { y, m, d } = localDate(c.tz, fromMs)
  for (let k = -1; k <= HORIZON_DAYS; k++) {
    const date = new Date(Date.UTC(y, m - 1, d + k))
    // A local day starts no earlier than 14 h before the same date's UTC midnight.
    if (date.getTime() - 14 * 3_600_000 > untilMs) return
    const Y = date.getUTCFullYear()
    const M = date.getUTCMonth() + 1
    const D = date.getUTCDate()
    const spans = c.week[date.getUTCDay()]
    if (!spans.length || c.holidays.has(`${Y}-${pad(M)}-${pad(D)}`)) continue
    for (const [s, e] of spans) {
      const end = zonedInstant(c.tz, Y, M, D, e)
      if (end <= fromMs) continue
      const start = zonedInstant(c.tz, Y, M, D, s)
      if (end > start) yield [start, end]
    }
  }
}

const horizon = (fromMs: number) => fromMs + HORIZON_DAYS * DAY

/**
 * The instant `minutes` business minutes after `from`. With 0 minutes it is
 * `from` itself; otherwise the deadline may fall exactly at an interval's end.
 */
export const addBusinessMinutes = (cal: BusinessCalendar | null, from: Date, minutes: number): Date => {
  const fromMs = from.getTime()
  if (minutes <= 0) return new Date(fromMs)
  if (!cal) return new Date(fromMs + minutes * MINUTE)
  let remaining = minutes * MINUTE
  let covered = fromMs
  for (const [s, e] of intervals(compile(cal), fromMs, horizon(fromMs))) {
    const start = Math.max(s, covered)
    if (e <= start) continue
    if (remaining <= e - start) return new Date(start + remaining)
    remaining -= e - start
    covered = e
  }
  return new Date(horizon(fromMs))
}

/** Business minutes from `from` to `to` (0 when `to` is not after `from`). */
export const businessMinutesBetween = (cal: BusinessCalendar | null, from: Date, to: Date): number => {
  const fromMs = from.getTime()
  const toMs = to.getTime()
  if (toMs <= fromMs) return 0
  if (!cal) return (toMs - fromMs) / MINUTE
  let total = 0
  let covered = fromMs
  for (const [s, e] of intervals(compile(cal), fromMs, toMs)) {
    if (s >= toMs) break
    const start = Math.max(s, covered)
    const end = Math.min(e, toMs)
    if (end > start) {
      total += end - start
      covered = end
    }
  }
  return total / MINUTE
}

/**
 * Calendar days in a time zone (the tenant's), for the date filters of the case desk: a day
 * picked in an `<input type="date">` means that day on the tenant's wall clock, whatever the
 * browser's zone.
 */
import { isValidTimeZone } from "../i18n/i18n.js"

const parts = new Map<string, Intl.DateTimeFormat>()

function formatter(zone: string | undefined): Intl.DateTimeFormat {
  const key = zone ?? ""
  let f = parts.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      ...(zone ? { timeZone: zone } : {}),
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    })
    parts.set(key, f)
  }
  return f
}

function zoneOrUndefined(zone: string | null | undefined): string | undefined {
  return zone && isValidTimeZone(zone) ? zone : undefined
}

/** Wall-clock fields of `at` in `zone`. */
function wall(at: number, zone: string | undefined): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const p = Object.fromEntries(formatter(zone).formatToParts(new Date(at)).map((x) => [x.type, x.value]))
  return { y: Number(p["year"]), m: Number(p["month"]), d: Number(p["day"]), h: Number(p["hour"]) % 24, min: Number(p["minute"]), s: Number(p["second"]) }
}

/** Milliseconds the zone is ahead of UTC at `at`. */
function offsetAt(at: number, zone: string | undefined): number {
  const w = wall(at, zone)
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - Math.floor(at / 1000) * 1000
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/

/** The instant (ISO) the day `YYYY-MM-DD` starts in `zone` (browser zone when none); undefined for a bad day. */
export function startOfDay(day: string, zone?: string | null): string | undefined {
  const m = DAY_RE.exec(day)
  if (!m) return undefined
  const z = zoneOrUndefined(zone)
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  if (Number.isNaN(guess)) return undefined
  let at = guess - offsetAt(guess, z)
  // Once more, for a zone whose offset changed in between (DST).
  at = guess - offsetAt(at, z)
  return new Date(at).toISOString()
}

/** The instant (ISO) the day after `YYYY-MM-DD` starts in `zone`: the exclusive end of that day. */
export function endOfDay(day: string, zone?: string | null): string | undefined {
  const m = DAY_RE.exec(day)
  if (!m) return undefined
  const next = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1))
  return startOfDay(next.toISOString().slice(0, 10), zone)
}

/** Today (`YYYY-MM-DD`) in `zone`, shifted by `offsetDays`. */
export function today(zone?: string | null, offsetDays = 0, now = Date.now()): string {
  const w = wall(now, zoneOrUndefined(zone))
  return new Date(Date.UTC(w.y, w.m - 1, w.d + offsetDays)).toISOString().slice(0, 10)
}

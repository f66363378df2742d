import { describe, expect, test } from "bun:test"
import { addBusinessMinutes, type BusinessCalendar, businessMinutesBetween, zonedInstant } from "../src/sla/business-time"

const weekdays = (intervals: [string, string][]) => ({ mon: intervals, tue: intervals, wed: intervals, thu: intervals, fri: intervals })
/** Moscow (UTC+3, no DST): Mon–Fri 09:00–13:00 and 14:00–18:00. */
const moscow: BusinessCalendar = { timeZone: "Europe/Moscow", week: weekdays([["09:00", "13:00"], ["14:00", "18:00"]]), holidays: ["2025-03-10"] }
/** Berlin (CET/CEST): Mon–Fri 09:00–18:00. */
const berlin: BusinessCalendar = { timeZone: "Europe/Berlin", week: weekdays([["09:00", "18:00"]]), holidays: [] }

const msk = (local: string) => new Date(`${local}+03:00`)
const add = (cal: BusinessCalendar | null, from: Date, minutes: number) => addBusinessMinutes(cal, from, minutes).toISOString()
const between = businessMinutesBetween

describe("adding business minutes (Moscow, no DST)", () => {
  test("inside one interval, across lunch, ending exactly at closing time", () => {
    expect(add(moscow, msk("2025-03-03T10:00"), 60)).toBe(msk("2025-03-03T11:00").toISOString()) // Monday
    expect(add(moscow, msk("2025-03-03T12:30"), 60)).toBe(msk("2025-03-03T14:30").toISOString())
    expect(add(moscow, msk("2025-03-03T17:00"), 60)).toBe(msk("2025-03-03T18:00").toISOString())
    expect(add(moscow, msk("2025-03-03T17:00"), 61)).toBe(msk("2025-03-04T09:01").toISOString())
    expect(add(moscow, msk("2025-03-03T10:00"), 0)).toBe(msk("2025-03-03T10:00").toISOString())
  })

  test("starting outside hours starts at the next opening; nights and lunch do not count", () => {
    expect(add(moscow, msk("2025-03-03T07:00"), 30)).toBe(msk("2025-03-03T09:30").toISOString())
    expect(add(moscow, msk("2025-03-03T13:20"), 10)).toBe(msk("2025-03-03T14:10").toISOString())
    expect(add(moscow, msk("2025-03-03T17:30"), 60)).toBe(msk("2025-03-04T09:30").toISOString())
    expect(add(moscow, msk("2025-03-03T23:59"), 1)).toBe(msk("2025-03-04T09:01").toISOString())
  })

  test("weekends are skipped", () => {
    expect(add(moscow, msk("2025-03-07T17:00"), 120)).toBe(msk("2025-03-11T10:00").toISOString()) // Fri → (Mon 10th is a holiday) → Tue
    expect(add(moscow, msk("2025-02-28T17:00"), 120)).toBe(msk("2025-03-03T10:00").toISOString()) // Fri → Mon
    expect(add(moscow, msk("2025-03-01T12:00"), 1)).toBe(msk("2025-03-03T09:01").toISOString()) // Sat → Mon
  })

  test("holidays are skipped, several in a row too", () => {
    const newYear: BusinessCalendar = { ...moscow, holidays: ["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-06", "2025-01-07", "2025-01-08"] }
    expect(add(newYear, msk("2024-12-31T17:00"), 120)).toBe(msk("2025-01-09T10:00").toISOString())
    expect(between(newYear, msk("2024-12-31T00:00"), msk("2025-01-10T00:00"))).toBe(2 * 8 * 60) // Dec 31 and Jan 9
  })

  test("a whole day's target of 8 hours from mid-morning ends mid-morning of the next working day", () => {
    expect(add(moscow, msk("2025-03-05T11:00"), 480)).toBe(msk("2025-03-06T11:00").toISOString())
  })

  test("seconds are kept: business minutes may be fractional", () => {
    expect(add(moscow, new Date(msk("2025-03-03T10:00").getTime() + 30_000), 1)).toBe(new Date(msk("2025-03-03T10:01").getTime() + 30_000).toISOString())
    expect(between(moscow, msk("2025-03-03T10:00"), new Date(msk("2025-03-03T10:00").getTime() + 90_000))).toBe(1.5)
  })

  test("the zone matters: the same hours in Novosibirsk (UTC+7) are four hours earlier in UTC", () => {
    const nsk = { ...moscow, timeZone: "Asia/Novosibirsk" }
    expect(add(nsk, new Date("2025-03-03T00:00:00Z"), 1)).toBe("2025-03-03T02:01:00.000Z")
    expect(add(moscow, new Date("2025-03-03T00:00:00Z"), 1)).toBe("2025-03-03T06:01:00.000Z")
  })
})

describe("counting business minutes", () => {
  test("a week counts its working hours only; reversed or equal instants count 0", () => {
    expect(between(moscow, msk("2025-03-03T00:00"), msk("2025-03-10T00:00"))).toBe(5 * 8 * 60)
    expect(between(moscow, msk("2025-03-10T00:00"), msk("2025-03-17T00:00"))).toBe(4 * 8 * 60) // Monday the 10th is a holiday
    expect(between(moscow, msk("2025-03-03T12:00"), msk("2025-03-03T15:00"))).toBe(120)
    expect(between(moscow, msk("2025-03-03T15:00"), msk("2025-03-03T12:00"))).toBe(0)
    expect(between(moscow, msk("2025-03-03T15:00"), msk("2025-03-03T15:00"))).toBe(0)
    expect(between(moscow, msk("2025-03-01T00:00"), msk("2025-03-02T23:59"))).toBe(0) // a weekend
  })

  test("24/7 without a calendar", () => {
    const from = new Date("2025-03-01T22:00:00Z")
    expect(add(null, from, 90)).toBe("2025-03-01T23:30:00.000Z")
    expect(between(null, from, new Date("2025-03-02T22:00:00Z"))).toBe(1440)
    expect(between(null, from, new Date("2025-03-01T21:00:00Z"))).toBe(0)
  })

  test("counting is the inverse of adding, from any start, across weekends, holidays and DST", () => {
    for (const cal of [moscow, berlin]) {
      // every 97 minutes over three weeks around the spring DST change (Berlin: 2025-03-30)
      for (let t = Date.parse("2025-03-20T00:00:00Z"); t < Date.parse("2025-04-10T00:00:00Z"); t += 97 * 60_000) {
        const from = new Date(t)
        let previous = from.getTime()
        for (const n of [1, 59, 60, 61, 239, 240, 480, 541, 1000, 2400, 5000]) {
          const due = addBusinessMinutes(cal, from, n)
          expect(due.getTime()).toBeGreaterThan(previous)
          previous = due.getTime()
          expect(between(cal, from, due)).toBeCloseTo(n, 6)
        }
      }
    }
  })
})

describe("DST (Berlin) against no DST (Moscow)", () => {
  const allDay: [string, string][] = [["00:00", "24:00"]]
  const everyDay = (timeZone: string, intervals: [string, string][]): BusinessCalendar =>
    ({ timeZone, week: { mon: intervals, tue: intervals, wed: intervals, thu: intervals, fri: intervals, sat: intervals, sun: intervals }, holidays: [] })

  test("a day is 23 hours when clocks go forward and 25 when they go back", () => {
    const b = everyDay("Europe/Berlin", allDay)
    expect(between(b, new Date("2024-03-30T23:00:00Z"), new Date("2024-03-31T22:00:00Z"))).toBe(23 * 60) // local midnight to midnight
    expect(between(b, new Date("2024-10-26T22:00:00Z"), new Date("2024-10-27T23:00:00Z"))).toBe(25 * 60)
    const m = everyDay("Europe/Moscow", allDay)
    expect(between(m, new Date("2024-03-30T21:00:00Z"), new Date("2024-03-31T21:00:00Z"))).toBe(24 * 60)
  })

  test("an interval spanning the change lasts the real time: 01:00–04:00 is 2 h in spring, 4 h in autumn, 3 h in Moscow", () => {
    const night: [string, string][] = [["01:00", "04:00"]]
    const b = everyDay("Europe/Berlin", night)
    expect(between(b, new Date("2024-03-30T23:00:00Z"), new Date("2024-03-31T22:00:00Z"))).toBe(120)
    expect(between(b, new Date("2024-10-26T22:00:00Z"), new Date("2024-10-27T23:00:00Z"))).toBe(240)
    const m = everyDay("Europe/Moscow", night)
    expect(between(m, new Date("2024-03-30T21:00:00Z"), new Date("2024-03-31T21:00:00Z"))).toBe(180)
    expect(between(m, new Date("2024-10-26T21:00:00Z"), new Date("2024-10-27T21:00:00Z"))).toBe(180)
  })

  test("wall-clock hours keep their meaning across the change; a skipped hour does not count", () => {
    // Friday 17:00 CET + 2 h → Monday 10:00 CEST (08:00 UTC, not 09:00)
    expect(add(berlin, new Date("2024-03-29T16:00:00Z"), 120)).toBe("2024-04-01T08:00:00.000Z")
    // Friday 17:00 CEST + 2 h → Monday 10:00 CET (09:00 UTC)
    expect(add(berlin, new Date("2024-10-25T15:00:00Z"), 120)).toBe("2024-10-28T09:00:00.000Z")
    const gap = everyDay("Europe/Berlin", [["02:00", "03:00"], ["05:00", "06:00"]])
    expect(between(gap, new Date("2024-03-30T23:00:00Z"), new Date("2024-03-31T22:00:00Z"))).toBe(60) // 02:00–03:00 never happened
    expect(add(gap, new Date("2024-03-30T23:00:00Z"), 30)).toBe("2024-03-31T03:30:00.000Z") // 05:30 CEST
  })

  test("wall time to instant: a skipped time maps to the end of the gap, a repeated one to its first occurrence", () => {
    expect(new Date(zonedInstant("Europe/Berlin", 2024, 3, 31, 150)).toISOString()).toBe("2024-03-31T01:00:00.000Z") // 02:30 → 03:00 CEST
    expect(new Date(zonedInstant("Europe/Berlin", 2024, 10, 27, 150)).toISOString()).toBe("2024-10-27T00:30:00.000Z") // first 02:30 (CEST)
    expect(new Date(zonedInstant("Europe/Berlin", 2024, 10, 27, 200)).toISOString()).toBe("2024-10-27T02:20:00.000Z") // 03:20 CET
    expect(new Date(zonedInstant("Europe/Moscow", 2024, 10, 27, 150)).toISOString()).toBe("2024-10-26T23:30:00.000Z")
    expect(new Date(zonedInstant("Europe/Moscow", 2024, 12, 31, 1440)).toISOString()).toBe("2024-12-31T21:00:00.000Z") // 24:00
  })
})

describe("overnight and adjoining intervals", () => {
  /** Night shift Mon–Fri 22:00–06:00 (Friday's shift ends Saturday morning). */
  const nights: BusinessCalendar = { timeZone: "Europe/Moscow", week: weekdays([["22:00", "06:00"]]), holidays: ["2025-03-05"] }

  test("an overnight interval belongs to the day it starts; a holiday removes that night only", () => {
    expect(between(nights, msk("2025-02-24T00:00"), msk("2025-03-03T00:00"))).toBe(5 * 8 * 60) // Mon 00:00 → Mon 00:00
    expect(between(nights, msk("2025-03-01T00:00"), msk("2025-03-01T12:00"))).toBe(6 * 60) // Friday's shift on Saturday
    expect(between(nights, msk("2025-03-03T00:00"), msk("2025-03-03T12:00"))).toBe(0) // Sunday has no shift
    // Wednesday the 5th is a holiday: Tuesday's night (into Wednesday) counts, Wednesday's night does not
    expect(between(nights, msk("2025-03-05T00:00"), msk("2025-03-06T12:00"))).toBe(6 * 60)
  })

  test("adding runs through the night", () => {
    expect(add(nights, msk("2025-03-04T05:00"), 120)).toBe(msk("2025-03-04T23:00").toISOString()) // 1 h of Monday's night, 1 h of Tuesday's
    expect(add(nights, msk("2025-03-04T23:00"), 400)).toBe(msk("2025-03-05T05:40").toISOString())
    expect(add(nights, msk("2025-03-05T12:00"), 60)).toBe(msk("2025-03-06T23:00").toISOString()) // the holiday night skipped
  })

  test("24:00 and the next day's 00:00 join; overlapping intervals count once", () => {
    const joined: BusinessCalendar = { timeZone: "Europe/Moscow", week: { mon: [["18:00", "24:00"]], tue: [["00:00", "02:00"]] }, holidays: [] }
    expect(add(joined, msk("2025-03-03T23:00"), 120)).toBe(msk("2025-03-04T01:00").toISOString())
    expect(between(joined, msk("2025-03-03T00:00"), msk("2025-03-05T00:00"))).toBe(8 * 60)
    const overlap: BusinessCalendar = { timeZone: "Europe/Moscow", week: { fri: [["22:00", "06:00"]], sat: [["05:00", "07:00"]] }, holidays: [] }
    expect(between(overlap, msk("2025-03-07T21:00"), msk("2025-03-08T08:00"))).toBe(9 * 60)
    expect(add(overlap, msk("2025-03-07T21:00"), 9 * 60)).toBe(msk("2025-03-08T07:00").toISOString())
  })

  test("a calendar with next to no working time clamps far deadlines instead of looping forever", () => {
    const rare: BusinessCalendar = { timeZone: "Europe/Moscow", week: { mon: [["09:00", "09:01"]] }, holidays: [] }
    const due = addBusinessMinutes(rare, msk("2025-03-03T00:00"), 525_600)
    expect(due.getUTCFullYear()).toBeGreaterThan(2050)
  })
})

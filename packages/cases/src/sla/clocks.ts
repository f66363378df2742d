/**
 * What happens to an SLA clock, as pure functions of its row: starting,
 * pausing and resuming with the case's state category, being met, restarting
 * when a resolved case is reopened, re-targeting when the priority changes,
 * and how a client sees it at a given moment. Each function returns the
 * columns to change, or null when the clock is already as asked — so a
 * repeated event changes nothing.
 */
import type { slaClocks, SlaClockPolicy, SlaTargetRow } from "../db/sla"
import type { StateCategory } from "../types"
import type { SlaClock, SlaClockKind } from "./api"
import { addBusinessMinutes, businessMinutesBetween } from "./business-time"

export type ClockRow = typeof slaClocks.$inferSelect
export type ClockPatch = Partial<Pick<ClockRow,
  "startedAt" | "dueAt" | "warnAt" | "pausedSince" | "pausedMinutes" | "metAt" | "warnedAt" | "breachedAt" | "stateAt" | "policy">>

const date = (d: Date | string) => new Date(d)

/** The deadline and the warning time of a clock run from `startedAt`, after `pausedMinutes` of pauses. */
export const schedule = (policy: SlaClockPolicy, startedAt: Date, pausedMinutes: number) => ({
  dueAt: addBusinessMinutes(policy.calendar, startedAt, policy.targetMinutes + pausedMinutes),
  warnAt: addBusinessMinutes(policy.calendar, startedAt, (policy.targetMinutes * policy.warnAtPercent) / 100 + pausedMinutes),
})

/** A fresh run of a clock from `at`, paused at once when the case is in a paused state. */
export const startClock = (policy: SlaClockPolicy, at: Date, paused: boolean) => ({
  startedAt: at,
  ...schedule(policy, at, 0),
  pausedSince: paused ? at : null,
  pausedMinutes: 0,
  metAt: null,
  warnedAt: null,
  breachedAt: null,
  stateAt: at,
  policy,
})

/** Business minutes paused so far, the running pause counted up to `at`. */
const pausedUntil = (c: ClockRow, at: Date) =>
  c.pausedMinutes + (c.pausedSince ? businessMinutesBetween(c.policy.calendar, date(c.pausedSince), at) : 0)

/** Closes a running pause at `at`. */
const endPause = (c: ClockRow, at: Date): ClockPatch => (c.pausedSince ? { pausedSince: null, pausedMinutes: pausedUntil(c, at) } : {})

const met = (c: ClockRow, at: Date): ClockPatch => ({ ...endPause(c, at), metAt: at })

/**
 * The case moved into a state of category `to` at `at`. Moves older than the
 * last one applied are ignored (events may arrive late or twice). Any move is
 * a first response. A resolved state meets the resolution clock; leaving it
 * for an open or paused state restarts the resolution clock with its full
 * target (a reopened case is a new piece of work; past warnings and breaches
 * stay in the journal). Paused states stop both clocks; open states resume
 * them and push the deadline by the business time spent paused.
 */
export const onMove = (c: ClockRow, to: StateCategory, at: Date): ClockPatch | null => {
  if (at.getTime() <= date(c.stateAt).getTime()) return null
  const patch: ClockPatch = { stateAt: at }
  if (c.kind === "first_response") return c.metAt ? patch : { ...patch, ...met(c, at) }
  if (to === "resolved") return c.metAt ? patch : { ...patch, ...met(c, at) }
  if (c.metAt) return { ...startClock(c.policy, at, to === "paused") }
  if (to === "paused") return c.pausedSince ? patch : { ...patch, pausedSince: at }
  if (!c.pausedSince) return patch
  const pausedMinutes = pausedUntil(c, at)
  return { ...patch, pausedSince: null, pausedMinutes, ...schedule(c.policy, date(c.startedAt), pausedMinutes) }
}

/** Someone answered (a comment or an outbound message) at `at`: meets an open first-response clock. */
export const onResponse = (c: ClockRow, at: Date): ClockPatch | null =>
  c.kind !== "first_response" || c.metAt || at.getTime() < date(c.startedAt).getTime() ? null : met(c, at)

/**
 * The case's priority now maps to `target`: when that is another priority's
 * target than the clock follows, a clock not yet met or breached follows the
 * new one from its start (its calendar stays the one it started with). Only
 * a change of priority re-targets: an edited policy never moves running
 * clocks. A warning already published is not repeated.
 */
export const retarget = (c: ClockRow, target: SlaTargetRow): ClockPatch | null => {
  if (c.metAt || c.breachedAt || c.policy.priority === target.priority) return null
  const minutes = c.kind === "first_response" ? target.firstResponseMinutes : target.resolutionMinutes
  const policy: SlaClockPolicy = { ...c.policy, priority: target.priority, targetMinutes: minutes, warnAtPercent: target.warnAtPercent }
  return { policy, ...schedule(policy, date(c.startedAt), c.pausedMinutes) }
}

/** How the clock looks at `now`. Met wins over breached, breached over paused, paused over warning. */
export const clockView = (c: ClockRow, now: Date): SlaClock => {
  const cal = c.policy.calendar
  const metAt = c.metAt ? date(c.metAt) : null
  const end = metAt ?? now
  const paused = pausedUntil(c, end)
  const running = !metAt && !c.pausedSince
  // While paused the stored deadline is stale: show when it would be due if the clock resumed now.
  const dueAt = c.pausedSince && !metAt ? addBusinessMinutes(cal, date(c.startedAt), c.policy.targetMinutes + paused) : date(c.dueAt)
  const state = metAt
    ? "met"
    : c.breachedAt || (running && now >= dueAt)
      ? "breached"
      : c.pausedSince
        ? "paused"
        : c.warnedAt || now >= date(c.warnAt) ? "warning" : "running"
  return {
    dueAt: dueAt.toISOString(),
    metAt: metAt?.toISOString() ?? null,
    state,
    elapsedMinutes: Math.max(0, Math.floor(businessMinutesBetween(cal, date(c.startedAt), end) - paused + 1e-9)),
    targetMinutes: c.policy.targetMinutes,
  }
}

/** The target of a policy for a priority code: its own, else "default", else none. */
export const targetFor = (targets: readonly SlaTargetRow[], priority: string) =>
  targets.find((t) => t.priority === priority) ?? targets.find((t) => t.priority === "default")

export const CLOCK_KINDS: readonly SlaClockKind[] = ["first_response", "resolution"]

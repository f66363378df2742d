/**
 * Keeping a case's SLA clocks in step with what happens to it, from the
 * case events. Handlers run after commit on EVERY server instance and an
 * event may arrive twice, late, or before the case's own "created" event has
 * been handled — so every write is idempotent: clocks are inserted with
 * ON CONFLICT DO NOTHING on (case, kind), and changes are computed from the
 * row locked FOR UPDATE (a second delivery finds nothing left to do).
 */
import { type Actor, CurrentActor, type DomainEvent, transaction, useDb } from "@org/core/server"
import { and, asc, eq } from "drizzle-orm"
import { Effect, Option, Schema } from "effect"
import { v7 as uuidv7 } from "uuid"
import type { Cases } from "../cases-service"
import type { CaseTypes } from "../case-types-service"
import { type SlaClockPolicy, slaClocks, slaPolicies } from "../db/sla"
import { CaseDto } from "../index"
import type { Reference } from "../reference-service"
import { initialState, stateOf, type StateCategory } from "../types"
import { CLOCK_KINDS, type ClockPatch, type ClockRow, onMove, onResponse, retarget, startClock, targetFor } from "./clocks"
import { findCalendar } from "./settings"

export const SLA_ACTOR_LOGIN = "system:sla"

/**
 * Event handlers and the sweeper run outside any request. They act for the
 * event's (or the clock's) tenant as a system actor: no user (journal entries
 * show "system:sla"), the admin role so that it may read any of the tenant's
 * cases, types and dictionaries — and, like every actor, only that tenant's.
 */
export const systemActor = (tenantId: string): Actor => ({
  tenantId, userId: null, login: SLA_ACTOR_LOGIN, roles: ["admin"], groups: [], via: "system",
})

/** The events the clocks follow. "case.message" is published by the messages module: read loosely by topic name. */
export const TRACKED_TOPICS: ReadonlySet<string> = new Set(["case.created", "case.moved", "case.updated", "case.commented", "case.message"])

export type SlaEvent = Pick<DomainEvent, "topic" | "tenantId" | "payload" | "occurredAt">

const decodeCase = Schema.decodeUnknownOption(CaseDto)
const decodeMove = Schema.decodeUnknownOption(Schema.Struct({ case: CaseDto, from: Schema.String, to: Schema.String }))
const caseIdOf = (p: unknown) => {
  const id = (p as { caseId?: unknown } | null)?.caseId
  return typeof id === "string" && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined
}

export const makeTracking = (types: CaseTypes["Service"], cases: Cases["Service"], reference: Reference["Service"]) => {
  /** The code of the case's priority (its `values.priority`, an item of "priorities"), or "default". */
  const priorityOf = (values: Readonly<Record<string, unknown>>) => {
    const id = values.priority
    if (typeof id !== "string") return Effect.succeed("default")
    return reference.resolve("priorities", id).pipe(
      Effect.map((item) => item.code ?? "default"),
      Effect.catchTag("NotFound", () => Effect.succeed("default")),
    )
  }

  const definitionOf = (typeKey: string) =>
    types.get(typeKey).pipe(Effect.map((t) => t.definition), Effect.catchTag("NotFound", () => Effect.succeed(null)))

  const clocksOf = (caseId: string, lock: boolean) =>
    Effect.gen(function* () {
      const actor = yield* CurrentActor
      return yield* useDb((db) => {
        // Always in the same order, so two instances locking one case's clocks cannot deadlock.
        const q = db.select().from(slaClocks).where(and(eq(slaClocks.tenantId, actor.tenantId), eq(slaClocks.caseId, caseId))).orderBy(asc(slaClocks.kind))
        return lock ? q.for("update") : q
      })
    })

  /** Applies `change` to each of the case's clocks, each row locked while it is read and written. */
  const change = (caseId: string, f: (c: ClockRow) => ClockPatch | null) =>
    transaction(Effect.gen(function* () {
      for (const c of yield* clocksOf(caseId, true)) {
        const patch = f(c)
        if (patch) yield* useDb((db) => db.update(slaClocks).set(patch).where(eq(slaClocks.id, c.id)))
      }
    }))

  /**
   * Starts the case's clocks unless they exist: for a typed case whose type
   * has a policy with a target for its priority. Outside the "created" event
   * (which may not have been handled yet) only for a case opened after the
   * policy existed, so a new policy never starts clocks on old cases.
   * Returns whether the case has clocks.
   */
  const ensureClocks = (c: CaseDto, atCreation: boolean) =>
    Effect.gen(function* () {
      if (!c.type) return false
      const actor = yield* CurrentActor
      if ((yield* clocksOf(c.id, false)).length) return true
      const [policy] = yield* useDb((db) => db.select().from(slaPolicies).where(and(eq(slaPolicies.tenantId, actor.tenantId), eq(slaPolicies.typeKey, c.type!))))
      const createdAt = new Date(c.createdAt)
      if (!policy || (!atCreation && new Date(policy.createdAt) > createdAt)) return false
      const target = targetFor(policy.targets, yield* priorityOf(c.values))
      const def = yield* definitionOf(c.type)
      if (!target || !def) return false
      const calendar = policy.calendarId
        ? yield* findCalendar(policy.calendarId).pipe(
          Effect.map((r) => ({ id: r.id, version: r.version, timeZone: r.timeZone, week: r.week, holidays: r.holidays })),
          Effect.catchTag("NotFound", () => Effect.succeed(null)),
        )
        : null
      const status = atCreation ? c.status : initialState(def).key
      const paused = stateOf(def, status)?.category === "paused"
      const rows = CLOCK_KINDS.map((kind) => {
        const snapshot: SlaClockPolicy = {
          typeKey: c.type!, priority: target.priority, warnAtPercent: target.warnAtPercent, calendar,
          targetMinutes: kind === "first_response" ? target.firstResponseMinutes : target.resolutionMinutes,
        }
        return { id: uuidv7(), tenantId: actor.tenantId, caseId: c.id, caseNumber: c.number, kind, ...startClock(snapshot, createdAt, paused) }
      })
      yield* useDb((db) => db.insert(slaClocks).values(rows).onConflictDoNothing({ target: [slaClocks.caseId, slaClocks.kind] }))
      return true
    })

  const moved = (c: CaseDto, to: string, at: Date) =>
    Effect.gen(function* () {
      if (!c.type || !(yield* ensureClocks(c, false))) return
      const def = yield* definitionOf(c.type)
      const category: StateCategory = (def && stateOf(def, to)?.category) || "open"
      yield* change(c.id, (clock) => onMove(clock, category, at))
    })

  const responded = (caseId: string, at: Date) =>
    Effect.gen(function* () {
      const clocks = yield* clocksOf(caseId, false)
      const first = clocks.find((c) => c.kind === "first_response")
      if (first?.metAt) return
      if (!clocks.length) {
        const c = yield* cases.get(caseId).pipe(Effect.map(Option.some), Effect.catchTag("NotFound", () => Effect.succeed(Option.none<CaseDto>())))
        if (Option.isNone(c) || !(yield* ensureClocks(c.value, false))) return
      }
      yield* change(caseId, (clock) => onResponse(clock, at))
    })

  /** The case's priority may have changed: unmet clocks follow the target of the new priority. */
  const updated = (c: CaseDto) =>
    Effect.gen(function* () {
      if (!c.type) return
      const actor = yield* CurrentActor
      const open = (yield* clocksOf(c.id, false)).filter((k) => !k.metAt && !k.breachedAt)
      if (!open.length) return
      const [policy] = yield* useDb((db) => db.select().from(slaPolicies).where(and(eq(slaPolicies.tenantId, actor.tenantId), eq(slaPolicies.typeKey, c.type!))))
      const target = policy && targetFor(policy.targets, yield* priorityOf(c.values))
      if (target) yield* change(c.id, (clock) => retarget(clock, target))
    })

  /** Brings the clocks in step with one case event; safe to call twice with the same event. */
  const handle = Effect.fn("CaseSla.handle")(function* (event: SlaEvent) {
    const at = new Date(event.occurredAt)
    const p = event.payload
    const work = Effect.gen(function* () {
      switch (event.topic) {
        case "case.created": {
          const c = decodeCase(p)
          if (Option.isSome(c)) yield* ensureClocks(c.value, true)
          return
        }
        case "case.moved": {
          const m = decodeMove(p)
          if (Option.isSome(m)) yield* moved(m.value.case, m.value.to, at)
          return
        }
        case "case.updated": {
          const c = decodeCase(p)
          if (Option.isSome(c)) yield* updated(c.value)
          return
        }
        case "case.commented":
        case "case.message": {
          const caseId = caseIdOf(p)
          // only what the desk says counts as a response, not what the applicant writes in
          const inbound = (p as { message?: { direction?: unknown } }).message?.direction === "in"
          if (caseId && !inbound) yield* responded(caseId, at)
          return
        }
      }
    })
    yield* work.pipe(Effect.provideService(CurrentActor, systemActor(event.tenantId)))
  })

  return { handle }
}

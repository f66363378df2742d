/**
 * The sweep: marks the clocks that reached their warning time or deadline,
 * for all tenants at once. Each kind is ONE conditional UPDATE … RETURNING in
 * its own transaction: a row is marked only while still unmarked (the
 * condition is checked again after a concurrent sweeper's lock is released),
 * and the events and journal entries are written in the same transaction — so
 * with any number of server instances sweeping, each warning and each breach
 * is published exactly once, and never for a change that rolled back.
 */
import { CurrentActor, type EventBusShape, transaction, useDb } from "@org/core/server"
import { and, asc, gt, inArray, isNull, lte, type SQL } from "drizzle-orm"
import { Effect } from "effect"
import { writeJournal } from "../case-journal"
import { slaClocks } from "../db/sla"
import { caseSlaBreached, caseSlaWarning, type SlaClockKind } from "./api"
import { iso } from "./settings"
import { systemActor } from "./tracking"

/** Clocks marked per transaction; a bigger backlog takes several rounds of the same sweep. */
const BATCH = 500

export const makeSweep = (bus: EventBusShape) => {
  const sweepKind = (kind: "warning" | "breached", now: Date) =>
    transaction(Effect.gen(function* () {
      const c = slaClocks
      const running = and(isNull(c.metAt), isNull(c.pausedSince))
      // A clock past its deadline gets the breach alone, not a late warning first.
      const due: SQL = kind === "warning"
        ? and(running, isNull(c.warnedAt), isNull(c.breachedAt), lte(c.warnAt, now), gt(c.dueAt, now))!
        : and(running, isNull(c.breachedAt), lte(c.dueAt, now))!
      const rows = yield* useDb((db) =>
        db.update(c).set(kind === "warning" ? { warnedAt: now } : { breachedAt: now })
          .where(and(
            due,
            // SKIP LOCKED: concurrent sweepers take different rows instead of queueing on the same ones.
            inArray(c.id, db.select({ id: c.id }).from(c).where(due).orderBy(asc(kind === "warning" ? c.warnAt : c.dueAt)).limit(BATCH)
              .for("update", { skipLocked: true })),
          ))
          .returning())
      for (const r of rows) {
        const alert = { caseId: r.caseId, number: r.caseNumber, clock: r.kind as SlaClockKind, dueAt: iso(r.dueAt) }
        yield* Effect.gen(function* () {
          yield* bus.publish(kind === "warning" ? caseSlaWarning : caseSlaBreached, alert)
          yield* writeJournal(r.caseId, "sla", { event: kind, clock: alert.clock, dueAt: alert.dueAt, targetMinutes: r.policy.targetMinutes })
        }).pipe(Effect.provideService(CurrentActor, systemActor(r.tenantId)))
      }
      return rows.length
    }))

  const sweepAll = (kind: "warning" | "breached", now: Date) =>
    Effect.gen(function* () {
      let total = 0
      for (let n = BATCH; n === BATCH;) {
        n = yield* sweepKind(kind, now)
        total += n
      }
      return total
    })

  /** Marks and publishes the warnings, then the breaches, due at `now`. */
  const sweep = Effect.fn("CaseSla.sweep")(function* (now: Date = new Date()) {
    const warnings = yield* sweepAll("warning", now)
    const breaches = yield* sweepAll("breached", now)
    return { warnings, breaches }
  })

  return { sweep }
}

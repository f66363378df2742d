/**
 * The `CaseSla` service: business-hours calendars, SLA policies per case
 * type, and the clocks of each case (first response and resolution).
 *
 * The layer starts two fibers in its scope (stopped when the runtime is
 * disposed): one applies the case events to the clocks (see tracking.ts),
 * the other sweeps for warnings and breaches every `sweepEvery` (sweep.ts).
 */
import { CurrentActor, Database, EventBus, useDb } from "@org/core/server"
import { and, eq } from "drizzle-orm"
import { Cause, Context, Duration, Effect, Layer, Queue } from "effect"
import { Cases } from "../cases-service"
import { CaseTypes } from "../case-types-service"
import { slaClocks } from "../db/sla"
import { Reference } from "../reference-service"
import { stateOf } from "../types"
import type { CaseSlaDto } from "./api"
import { clockView } from "./clocks"
import { makeSettings } from "./settings"
import { makeSweep } from "./sweep"
import { makeTracking, type SlaEvent, TRACKED_TOPICS } from "./tracking"

export interface CaseSlaOptions {
  /** how often the sweeper runs (default 30 seconds); null: no sweeper, call `sweep` yourself */
  readonly sweepEvery?: Duration.Input | null
  /** whether the clocks follow the case events (default true); tests may feed `handle` themselves */
  readonly listen?: boolean
}

const make = (options: CaseSlaOptions) =>
  Effect.gen(function* () {
    const bus = yield* EventBus
    const types = yield* CaseTypes
    const cases = yield* Cases
    const reference = yield* Reference
    const database = yield* Database

    const settings = makeSettings(types, reference)
    const { handle } = makeTracking(types, cases, reference)
    const { sweep } = makeSweep(bus)

    /** The case's SLA as seen at `now` (default: now); NotFound unless the actor may see the case. */
    const forCase = Effect.fn("CaseSla.forCase")(function* (caseId: string, now: Date = new Date()) {
      const actor = yield* CurrentActor
      const c = yield* cases.get(caseId)
      const clocks = yield* useDb((db) => db.select().from(slaClocks).where(and(eq(slaClocks.tenantId, actor.tenantId), eq(slaClocks.caseId, c.id))))
      const def = c.type ? yield* types.get(c.type).pipe(Effect.map((t) => t.definition), Effect.catchTag("NotFound", () => Effect.succeed(null))) : null
      const first = clocks.find((k) => k.kind === "first_response")
      const resolution = clocks.find((k) => k.kind === "resolution")
      const policy = (first ?? resolution)?.policy
      const dto: CaseSlaDto = {
        policy: policy ? { typeKey: policy.typeKey, priority: policy.priority } : null,
        firstResponse: first ? clockView(first, now) : null,
        resolution: resolution ? clockView(resolution, now) : null,
        paused: def !== null && stateOf(def, c.status)?.category === "paused",
      }
      return dto
    })

    const log = (what: string) => (cause: Cause.Cause<unknown>) =>
      Effect.sync(() => console.error(`SLA ${what} failed`, Cause.pretty(cause)))

    if (options.listen ?? true) {
      // The bus calls listeners synchronously; a queue hands the events to one fiber, which applies them in arrival order.
      const queue = yield* Queue.unbounded<SlaEvent>()
      const unsubscribe = bus.subscribe((e) => {
        if (TRACKED_TOPICS.has(e.topic)) Queue.offerUnsafe(queue, e)
      })
      yield* Effect.addFinalizer(() => Effect.sync(unsubscribe))
      yield* Queue.take(queue).pipe(
        Effect.flatMap((e) => handle(e).pipe(Effect.retry({ times: 2 }), Effect.catchCause(log(`handling ${e.topic}`)))),
        Effect.forever,
        Effect.provideService(Database, database),
        Effect.forkScoped,
      )
    }

    if (options.sweepEvery !== null) {
      const every = options.sweepEvery ?? Duration.seconds(30)
      yield* Effect.suspend(() => sweep(new Date())).pipe(
        Effect.catchCause(log("sweep")),
        Effect.andThen(Effect.sleep(every)),
        Effect.forever,
        Effect.provideService(Database, database),
        Effect.forkScoped,
      )
    }

    return { ...settings, forCase, handle, sweep }
  })

export class CaseSla extends Context.Service<CaseSla>()("@org/cases/CaseSla", { make: make({}) }) {
  static layer = Layer.effect(CaseSla, CaseSla.make)
  /** The layer with its own sweep interval, or without the sweeper or the event handling (tests). */
  static layerWith = (options: CaseSlaOptions) => Layer.effect(CaseSla, make(options))
}

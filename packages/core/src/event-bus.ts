/**
 * The event bus. `publish` writes the event to the outbox inside the caller's
 * transaction and issues NOTIFY, which Postgres (and PGlite) deliver only when
 * that transaction commits: a rolled-back change never emits its event. Every
 * instance LISTENs, so one mechanism serves a single process and a cluster.
 */
import { and, eq, gt } from "drizzle-orm"
import { Context, Effect, Layer, Schema } from "effect"
import { v7 as uuidv7 } from "uuid"
import { type Actor, CurrentActor } from "./actor"
import { Database, sql, transaction, useDb } from "./database"
import { outbox } from "./db/schema"
import type { DatabaseError } from "./errors"
import type { Audience, DomainEvent, EventDef } from "./events"

const CHANNEL = "switchboard_events"

export type Listener = (event: DomainEvent) => void

export interface EventBusShape {
  /** Records the event in the current transaction (or its own); delivered after commit. */
  readonly publish: <P>(
    def: EventDef<P>,
    payload: P,
    options?: { audience?: Audience },
  ) => Effect.Effect<DomainEvent<P>, DatabaseError, CurrentActor | Database>
  /** Local delivery of committed events; returns the unsubscribe function. */
  readonly subscribe: (listener: Listener) => () => void
  /** Typed delivery of one kind of event, its payload decoded by the event's schema. */
  readonly on: <P>(def: EventDef<P>, handler: (event: DomainEvent<P>) => void) => () => void
  /** Events of a tenant after a sequence number, for clients that reconnect. */
  readonly since: (tenantId: string, seq: number, limit?: number) => Effect.Effect<DomainEvent[], DatabaseError, Database>
  readonly isListening: () => boolean
}

export class EventBus extends Context.Service<EventBus, EventBusShape>()("@org/core/EventBus") {
  static layer = Layer.effect(
    EventBus,
    Effect.gen(function* () {
      const database = yield* Database
      const listeners = new Set<Listener>()
      let listening = false

      const toEvent = (row: typeof outbox.$inferSelect): DomainEvent => ({
        id: row.id,
        seq: Number(row.seq),
        tenantId: row.tenantId,
        topic: row.topic,
        payload: row.payload,
        actorId: row.actorId,
        audience: (row.audience as Audience | null) ?? null,
        occurredAt: new Date(row.occurredAt).toISOString(),
      })

      const deliver = async (payload: string) => {
        const seq = Number(payload)
        if (!Number.isSafeInteger(seq)) return
        const [row] = await database.db.select().from(outbox).where(eq(outbox.seq, seq))
        if (!row) return
        const event = toEvent(row)
        for (const l of listeners) {
          try {
            l(event)
          } catch (e) {
            console.error("event listener failed", e)
          }
        }
      }

      const unlisten = yield* Effect.promise(() =>
        database.listen(CHANNEL, (p) => void deliver(p).catch((e) => console.error("event delivery failed", e))),
      )
      listening = true
      yield* Effect.addFinalizer(() =>
        Effect.promise(async () => {
          listening = false
          await unlisten().catch(() => undefined)
        }),
      )

      const publish = Effect.fn("EventBus.publish")(function* <P>(def: EventDef<P>, payload: P, options?: { audience?: Audience }) {
        const actor = yield* CurrentActor
        const encoded = Schema.encodeSync(def.payload as Schema.Codec<P, unknown>)(payload)
        const row = {
          id: uuidv7(),
          tenantId: actor.tenantId,
          topic: def.topic,
          payload: encoded as object,
          actorId: actor.userId,
          audience: options?.audience ?? null,
        }
        return yield* transaction(
          useDb(async (db) => {
            const [saved] = await db.insert(outbox).values(row).returning()
            await db.execute(sql`select pg_notify(${CHANNEL}, ${String(saved.seq)})`)
            return toEvent(saved) as DomainEvent<P>
          }),
        )
      })

      const subscribe = (l: Listener) => {
        listeners.add(l)
        return () => void listeners.delete(l)
      }

      return {
        publish,
        subscribe,
        on: (def, handler) => {
          const decode = Schema.decodeUnknownSync(def.payload as Schema.Codec<any, unknown>)
          return subscribe((e) => {
            if (e.topic !== def.topic) return
            let payload
            try {
              payload = decode(e.payload)
            } catch (err) {
              // An event written by an older or newer version: skip it rather than crash the handler.
              return console.error(`event ${e.topic} #${e.seq} does not match its schema`, err)
            }
            handler({ ...e, payload })
          })
        },
        since: (tenantId, seq, limit = 500) =>
          useDb((db) =>
            db.select().from(outbox).where(and(eq(outbox.tenantId, tenantId), gt(outbox.seq, seq))).orderBy(outbox.seq).limit(limit),
          ).pipe(Effect.map((rows) => rows.map(toEvent))),
        isListening: () => listening,
      } satisfies EventBusShape
    }),
  )
}

/** May this actor see this event? Same tenant, and in its audience when it has one. */
export const canSee = (actor: Actor, event: DomainEvent): boolean => {
  if (event.tenantId !== actor.tenantId) return false
  const a = event.audience
  if (!a) return true
  if (actor.roles.includes("admin")) return true
  if (a.userIds?.includes(actor.userId ?? "")) return true
  if (a.roles?.some((r) => actor.roles.includes(r))) return true
  if (a.groups?.some((g) => actor.groups.includes(g))) return true
  return false
}

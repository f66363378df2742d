/** Browser-safe shapes of domain events, as widgets receive them over /api/v1/events. */
import { Schema } from "effect"
import type { Role } from "./actor"

/** Who, inside the tenant, may see an event. Absent: everyone in the tenant. */
export interface Audience {
  readonly roles?: readonly Role[]
  readonly userIds?: readonly string[]
  readonly groups?: readonly string[]
}

export interface DomainEvent<P = unknown> {
  readonly id: string
  readonly seq: number
  readonly tenantId: string
  readonly topic: string
  readonly payload: P
  readonly actorId: string | null
  readonly audience: Audience | null
  readonly occurredAt: string
}

/** A typed event: its topic and the schema of its payload. */
export interface EventDef<P> {
  readonly topic: string
  readonly payload: Schema.Codec<P, any>
}

export const defineEvent = <P>(topic: string, payload: Schema.Codec<P, any>): EventDef<P> => ({ topic, payload })

/** Wire messages of the events WebSocket. */
export type ClientMessage = { type: "subscribe"; topics: string[] } | { type: "unsubscribe"; topics: string[] } | { type: "ping" }
export type ServerMessage =
  | { type: "subscribed"; topics: string[] }
  | { type: "event"; id: string; seq: number; topic: string; occurredAt: string; payload: unknown }
  | { type: "error"; code: string; message: string }
  | { type: "pong" }

/**
 * Sessions of a user ended (logout, revoke, password change, user disabled):
 * every instance closes that user's matching event sockets with code 4401.
 * `sessionIds: null` means all of them, widget-token sockets included.
 */
export const sessionsEnded = defineEvent(
  "auth.sessions.ended",
  Schema.Struct({ userId: Schema.String, sessionIds: Schema.NullOr(Schema.Array(Schema.String)) }),
)

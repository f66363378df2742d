/**
 * /api/v1/events: a WebSocket per client. The client subscribes to topics
 * (exact, or a prefix ending in "*"); it receives only events of its own
 * tenant that its actor may see (`canSee`). `?since=<seq>` replays what was
 * missed while disconnected.
 */
import { type Actor, canSee, type ClientMessage, type DomainEvent, EventBus, type ServerMessage, sessionsEnded } from "@org/core/server"
import { Effect } from "effect"
import type { WSContext } from "hono/ws"
import type { ServerRuntime } from "./runtime"

const matches = (topics: Set<string>, topic: string) => {
  if (topics.has(topic) || topics.has("*")) return true
  for (const t of topics) if (t.endsWith("*") && topic.startsWith(t.slice(0, -1))) return true
  return false
}

/** Open sockets, so that shutdown can close them. */
export const openSockets = new Set<WSContext>()

export const eventsSocket = (runtime: ServerRuntime, actor: Actor, since: number | undefined) => {
  const topics = new Set<string>()
  let unsubscribe: (() => void) | undefined
  const send = (ws: WSContext, m: ServerMessage) => ws.send(JSON.stringify(m))
  // While missed events are replayed, live ones wait; afterwards an event already replayed
  // (its NOTIFY can arrive late) is not sent twice.
  let replaying = false
  const waiting: DomainEvent[] = []
  const replayed = new Set<number>()
  const push = (ws: WSContext, e: DomainEvent) => {
    if (replaying) return void waiting.push(e)
    if (replayed.has(e.seq) || !matches(topics, e.topic) || !canSee(actor, e)) return
    send(ws, { type: "event", id: e.id, seq: e.seq, topic: e.topic, occurredAt: e.occurredAt, payload: e.payload })
  }
  const replay = async (ws: WSContext, from: number) => {
    replaying = true
    try {
      const missed = await runtime.runPromise(Effect.flatMap(Effect.service(EventBus), (b) => b.since(actor.tenantId, from)))
      replaying = false
      for (const e of missed) {
        push(ws, e)
        replayed.add(e.seq)
      }
    } finally {
      replaying = false
      for (const e of waiting.splice(0)) push(ws, e)
    }
  }
  // Logout, revoke, password change or a disabled user end the socket at once, on every instance.
  const endIfMine = (ws: WSContext, e: DomainEvent) => {
    const p = e.payload as typeof sessionsEnded.payload.Type
    if (e.tenantId !== actor.tenantId || p.userId !== actor.userId) return
    if (p.sessionIds === null || (actor.sessionId && p.sessionIds.includes(actor.sessionId))) ws.close(4401, "session ended")
  }

  return {
    onOpen: (_: Event, ws: WSContext) => {
      openSockets.add(ws)
      const bus = runtime.runSync(Effect.service(EventBus))
      unsubscribe = bus.subscribe((e) => (e.topic === sessionsEnded.topic ? endIfMine(ws, e) : push(ws, e)))
    },
    onMessage: async (evt: MessageEvent, ws: WSContext) => {
      let msg: ClientMessage
      try {
        msg = JSON.parse(String(evt.data))
        if (typeof msg !== "object" || msg === null) throw new Error("not an object")
      } catch {
        return send(ws, { type: "error", code: "malformed_message", message: "Expected a JSON object" })
      }
      if (msg.type === "ping") return send(ws, { type: "pong" })
      if ((msg.type === "subscribe" || msg.type === "unsubscribe") && Array.isArray(msg.topics) && msg.topics.every((t) => typeof t === "string" && t.length <= 100)) {
        for (const t of msg.topics.slice(0, 100)) msg.type === "subscribe" ? topics.add(t) : topics.delete(t)
        send(ws, { type: "subscribed", topics: [...topics] })
        if (msg.type === "subscribe" && since !== undefined) {
          const from = since
          since = undefined
          await replay(ws, from)
        }
        return
      }
      send(ws, { type: "error", code: "unknown_message", message: "Expected subscribe, unsubscribe or ping" })
    },
    onClose: (_: CloseEvent, ws: WSContext) => {
      openSockets.delete(ws)
      unsubscribe?.()
    },
  }
}

/**
 * GET /health: the green / yellow / red indicator of the operator
 * workstation. Database unreachable → down; event delivery not listening →
 * degraded; SIP ok (listening on UDP/TCP, WebSocket flows at /sip) or down
 * (its port could not be bound: WebSocket phones still work) → degraded;
 * "disabled" when SIP_ENABLED=false.
 */
import { Database, EventBus } from "@org/core/server"
import { Sip, type SipStatus } from "@org/telephony/server"
import { Effect } from "effect"
import type { ServerRuntime } from "./runtime"

type Check = { status: "ok" | "down" | "disabled"; latencyMs?: number; error?: string }

/** Public: the state and where it listens, no counts of other tenants' phones and calls. */
const sipCheck = ({ status, error, udp, tcp }: SipStatus) => ({
  status, ...(error ? { error } : {}), ...(udp ? { udp: `${udp.address}:${udp.port}` } : {}), ...(tcp ? { tcp: `${tcp.address}:${tcp.port}` } : {}),
})

export const checkHealth = async (runtime: ServerRuntime) => {
  const started = performance.now()
  const database: Check = await runtime
    .runPromise(Effect.flatMap(Effect.service(Database), (d) => Effect.promise(() => d.ping())).pipe(Effect.timeout("2 seconds")))
    .then(() => ({ status: "ok" as const, latencyMs: Math.round(performance.now() - started) }))
    .catch((e) => ({ status: "down" as const, error: String(e?.message ?? e) }))
  const listening = await runtime.runPromise(Effect.map(Effect.service(EventBus), (b) => b.isListening())).catch(() => false)
  const events: Check = { status: listening ? "ok" : "down" }
  const sip = await runtime.runPromise(Effect.map(Effect.service(Sip), (s) => sipCheck(s.status())))
    .catch((e) => ({ status: "down" as const, error: String(e?.message ?? e) }))
  const status = database.status === "down" ? "down" : events.status === "down" || sip.status === "down" ? "degraded" : "ok"
  return { status, checks: { database, events, sip } }
}

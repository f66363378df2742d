/**
 * GET /health: the green / yellow / red indicator of the operator
 * workstation. Database unreachable → down; event delivery not listening →
 * degraded. SIP reports "disabled" until the SIP core is mounted.
 */
import { Database, EventBus } from "@org/core/server"
import { Effect } from "effect"
import type { ServerRuntime } from "./runtime"

type Check = { status: "ok" | "down" | "disabled"; latencyMs?: number; error?: string }

export const checkHealth = async (runtime: ServerRuntime) => {
  const started = performance.now()
  const database: Check = await runtime
    .runPromise(Effect.flatMap(Effect.service(Database), (d) => Effect.promise(() => d.ping())).pipe(Effect.timeout("2 seconds")))
    .then(() => ({ status: "ok" as const, latencyMs: Math.round(performance.now() - started) }))
    .catch((e) => ({ status: "down" as const, error: String(e?.message ?? e) }))
  const listening = await runtime.runPromise(Effect.map(Effect.service(EventBus), (b) => b.isListening())).catch(() => false)
  const events: Check = { status: listening ? "ok" : "down" }
  const sip: Check = { status: "disabled" }
  const status = database.status === "down" ? "down" : events.status === "down" ? "degraded" : "ok"
  return { status, checks: { database, events, sip } }
}

/**
 * Starts the reference server: config → database and migrations → demo data
 * on first start → SIP (UDP/TCP) → HTTP (with the /sip WebSocket). SIGTERM/SIGINT
 * stop accepting, let in-flight requests finish, close sockets, end SIP calls
 * (keeping their records) and close the database.
 */
import { Sip } from "@org/telephony/server"
import { Effect } from "effect"
import { websocket } from "hono/bun"
import { makeApp } from "./app"
import { softphoneBundle } from "./assets"
import { ConfigError, loadConfig } from "./config"
import { seedDemo } from "./demo-seed"
import { openSockets } from "./events-socket"
import { makeRuntime, runtimeOptions, sipOptions } from "./runtime"

const fail = (message: string): never => {
  console.error(`\nSwitchboard cannot start: ${message}\n`)
  process.exit(1)
}

const config = (() => {
  try {
    return loadConfig()
  } catch (e) {
    return fail(e instanceof ConfigError ? e.message : String(e))
  }
})()

const runtime = makeRuntime({ ...runtimeOptions(config), sip: sipOptions(config) })
try {
  await runtime.runPromise(Effect.void)
} catch (e) {
  fail(e instanceof Error ? e.message : String(e))
}

if (config.demoData) {
  const demo = await runtime.runPromise(seedDemo(config.demoPassword))
  if (demo) {
    console.log("\nDemo tenant created. Log in at the console with one of these (shown only now):")
    for (const [login, password] of Object.entries(demo.passwords)) console.log(`  ${login.padEnd(11)} ${password}`)
    const desk = demo.deskPhone
    console.log(`A desk phone (number 103) registers as ${desk.username}@${desk.domain} with the password ${desk.password}`)
    console.log("The operator's and supervisor's phones (101, 102; both ring on 100) are in the console.\n")
  }
}

const app = makeApp(runtime, config)
const server = Bun.serve({ port: config.port, hostname: config.host, fetch: app.fetch, websocket, idleTimeout: 60 })
console.log(`Switchboard listening on http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${server.port} (database: ${config.databaseUrl ? "PostgreSQL" : `embedded PGlite in ${config.dataDir}`})`)
const sip = await runtime.runPromise(Effect.service(Sip))
sip.setWebSocketPort(server.port ?? config.port)
const sipStatus = sip.status()
if (sipStatus.status === "ok") {
  const where = [sipStatus.udp && `udp ${sipStatus.udp.address}:${sipStatus.udp.port}`, sipStatus.tcp && `tcp ${sipStatus.tcp.address}:${sipStatus.tcp.port}`]
  console.log(`SIP listening on ${where.filter(Boolean).join(", ")}, WebSocket at /sip`)
} else if (sipStatus.status === "down") console.error(`SIP is down: ${sipStatus.error} (WebSocket at /sip still works)`)
else console.log("SIP is disabled (SIP_ENABLED=false)")

// the softphone script is built on first use (~2 s: esbuild, then terser): do it now, not for the first page that loads it
setTimeout(() => void softphoneBundle().catch((e) => console.error("the softphone bundle did not build:", e)), 1000).unref()

let stopping = false
const shutdown = async (signal: string) => {
  if (stopping) return
  stopping = true
  console.log(`${signal}: shutting down`)
  for (const ws of openSockets) ws.close(1001, "server shutting down")
  await sip.server?.ws.close() // SIP WebSocket phones (their calls end with a BYE; the records are kept)
  await server.stop(false) // stop accepting; in-flight requests finish
  await runtime.dispose() // ends SIP (calls in progress, their records), closes the event listener and the database
  process.exit(0)
}
process.on("SIGTERM", () => void shutdown("SIGTERM"))
process.on("SIGINT", () => void shutdown("SIGINT"))

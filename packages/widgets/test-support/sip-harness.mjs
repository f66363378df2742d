// A stand-in for the platform server's telephony endpoints, for the softphone's real-call tests
// and for trying <org-softphone> by hand — until server/ serves them itself. Bun only
// (Bun.serve, Bun.build); started by test/softphone-calls.test.ts inside a private network
// namespace (see netns.sh), or by hand:
//
//   bun test-support/sip-harness.mjs            # prints {"event":"ready","port":…} and serves
//   open http://127.0.0.1:<port>/?as=alice       # the example page, signed in as alice
//
// What it serves, in the shape the platform server will:
//   GET  /                           examples/softphone/index.html (the example page)
//   GET  /widgets/softphone.js       <org-softphone> bundled with Lit and sip.js (one file: no chunks to serve)
//   GET  /api/v1/telephony/me/sip    the signed-in user's credentials {wsUrl, uri,
//                                    authorizationUsername, password, passwordExpiresAt,
//                                    displayName, extensions, directory} (docs/telephony.md);
//                                    session cookie `sb_session=<user>` or `Authorization: Bearer
//                                    token-<user>`; 401 problem+json otherwise
//   WS   /sip  (subprotocol "sip")   a real SipServer from @org/telephony/server (in-memory
//                                    accounts alice 101, bob 102, carol 103, dave 104; short
//                                    numbers 101…104 and 200 ringing alice and dave)
//   GET  /?as=<user>                 sets the session cookie, then serves the page
//
// Control (with --stdin: one JSON object per line on stdin, the harness ends when stdin closes;
// events as JSON lines on stdout):
//   {"cmd":"restart","downMs":1500}               stop the HTTP and SIP servers, wait, start again on the same port
//   {"cmd":"dropOnRegister","user":"alice","downMs":1500}
//                                                 the same, at the moment the next REGISTER of that user arrives
//                                                 (before the server sees it: a registration cut in the middle)
//   {"cmd":"dropSockets","user":"alice"}          cut that user's WebSockets (a network blip: the SIP server stays)
//   {"cmd":"rotate","user":"bob"}                 a new SIP password for bob (the old one is refused from now on)
// Env: SIP_HARNESS_MAX_EXPIRES=10 grants registrations of at most 10 s (phones refresh that often);
//   SIP_HARNESS_FLOW_GRACE_MS=4000: how long an answered call waits for a party whose socket closed.
//   {"cmd":"bindings"}                            → {"event":"bindings","aors":{"alice":1,…}}
// Events: ready, binding (added / refreshed / removed / flow-closed), credentials (a softphone asked),
// ringing, answered, ended (call records), dropped, restarted, rotated.
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { InMemoryAccountStore, InMemoryDialplan, SipServer } from "@org/telephony/server"

const here = dirname(fileURLToPath(import.meta.url))
const widgets = join(here, "..")
const examplePage = join(widgets, "..", "..", "examples", "softphone", "index.html")

const TENANT = "0190f3a4-0000-7000-8000-0000000051f0"
const DOMAIN = "pbx.test"
export const USERS = {
  alice: { number: "101", name: "Алиса Смирнова" },
  bob: { number: "102", name: "Борис Котов" },
  carol: { number: "103", name: "Carol Reed" },
  dave: { number: "104", name: "Dave Ng" },
}
/** Current SIP passwords: `rotate` changes one, as the platform's SIP tokens change every few hours. */
const passwords = new Map(Object.keys(USERS).map((user) => [user, `pw-${user}-7d3f`]))
const password = (user) => passwords.get(user)
/** Registrations as short as SIP_HARNESS_MAX_EXPIRES seconds make phones refresh often (default: the registrar's). */
const maxExpires = Number(process.env.SIP_HARNESS_MAX_EXPIRES ?? 0) || undefined
const flowGraceMs = process.env.SIP_HARNESS_FLOW_GRACE_MS ? Number(process.env.SIP_HARNESS_FLOW_GRACE_MS) : undefined

const emit = (event) => process.stdout.write(`${JSON.stringify(event)}\n`)

const build = await Bun.build({
  entrypoints: [join(widgets, "src/elements/org-softphone.ts")],
  target: "browser",
  format: "esm",
  minify: true,
  define: { "process.env.NODE_ENV": '"production"' },
})
if (!build.success) {
  for (const log of build.logs) console.error(log)
  process.exit(1)
}
const bundle = await build.outputs[0].text()

let accounts
function makeSip() {
  accounts = new InMemoryAccountStore(
    // the display name is the account's (the platform's comment), as the callee sees it in P-Asserted-Identity
    Object.entries(USERS).map(([user, u]) => ({ tenantId: TENANT, accountId: `acc-${user}`, domain: DOMAIN, username: user, password: password(user), displayName: u.name })),
  )
  const dialplan = new InMemoryDialplan()
  for (const [user, u] of Object.entries(USERS)) dialplan.account(TENANT, u.number, `acc-${user}`)
  dialplan.extension(TENANT, "200", ["acc-alice", "acc-dave"], "support")
  const sip = new SipServer({
    accounts,
    dialplan,
    udp: false,
    tcp: false,
    routing: { trustRegisteredFlows: ["ws"], ringTimeoutMs: 60_000, ...(flowGraceMs !== undefined ? { flowGraceMs } : {}) },
    ...(maxExpires ? { registrar: { minExpires: Math.min(5, maxExpires), maxExpires } } : {}),
  })
  sip.location.onChange((e) => emit({ event: "binding", type: e.type, aor: e.binding.aor }))
  sip.calls.onRinging((c) => emit({ event: "ringing", from: c.from?.user, to: c.to?.user }))
  sip.calls.onAnswered((c) => emit({ event: "answered", from: c.from?.user, to: c.to?.user }))
  sip.calls.onEnded((r) => emit({ event: "ended", from: r.from.user, to: r.to.user, disposition: r.disposition, hangup: r.hangup, reason: r.reason }))
  return sip
}

const userOf = (req) => {
  const auth = req.headers.get("authorization") ?? ""
  const bearer = /^Bearer\s+token-(\w+)$/.exec(auth)?.[1]
  if (bearer && USERS[bearer]) return bearer
  const cookie = /(?:^|;\s*)sb_session=(\w+)/.exec(req.headers.get("cookie") ?? "")?.[1]
  return cookie && USERS[cookie] ? cookie : undefined
}

const problem = (status, code, title) =>
  new Response(JSON.stringify({ type: "about:blank", status, code, title }), { status, headers: { "Content-Type": "application/problem+json" } })

let port = Number(process.env.PORT ?? 0)
let sip
let server
/** user → true: cut the server at that user's next REGISTER. */
const dropOnRegister = new Map()
/** Open sockets, with the user whose REGISTER came over each. */
const sockets = new Set()

async function start() {
  sip = makeSip()
  await sip.start()
  server = Bun.serve({
    hostname: "127.0.0.1",
    port,
    fetch(req, srv) {
      const url = new URL(req.url)
      if (url.pathname === "/sip") {
        const protocols = (req.headers.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim())
        if (!protocols.includes("sip")) return new Response("subprotocol sip required", { status: 400 })
        const addr = srv.requestIP(req)
        if (srv.upgrade(req, { headers: { "Sec-WebSocket-Protocol": "sip" }, data: { remoteAddress: addr?.address ?? "127.0.0.1", remotePort: addr?.port ?? 0 } })) return undefined
        return new Response("upgrade failed", { status: 400 })
      }
      if (url.pathname === "/api/v1/telephony/me/sip") {
        const user = userOf(req)
        if (!user) return problem(401, "unauthorized", "Sign-in required")
        const u = USERS[user]
        emit({ event: "credentials", user })
        return Response.json(
          {
            accountId: `acc-${user}`,
            wsUrl: `ws://127.0.0.1:${server.port}/sip`,
            uri: `sip:${user}@${DOMAIN}`,
            domain: DOMAIN,
            authorizationUsername: user,
            password: password(user),
            passwordExpiresAt: new Date(Date.now() + 6 * 3600_000).toISOString(),
            displayName: u.name,
            extensions: [{ number: u.number, name: u.name }],
            directory: {
              extensions: [...Object.values(USERS).map((x) => ({ number: x.number, name: x.name })), { number: "200", name: "Support" }],
              accounts: Object.entries(USERS).map(([username, x]) => ({ username, displayName: x.name })),
            },
          },
          { headers: { "Cache-Control": "no-store" } },
        )
      }
      if (url.pathname === "/widgets/softphone.js" || url.pathname === "/widgets/embed.js") return new Response(bundle, { headers: { "Content-Type": "text/javascript; charset=utf-8" } })
      if (url.pathname === "/" || url.pathname === "/index.html") {
        const headers = { "Content-Type": "text/html; charset=utf-8" }
        const as = url.searchParams.get("as")
        if (as && USERS[as]) headers["Set-Cookie"] = `sb_session=${as}; Path=/; HttpOnly; SameSite=Lax`
        return new Response(readFileSync(examplePage, "utf8"), { headers })
      }
      return new Response("not found", { status: 404 })
    },
    websocket: {
      open(ws) {
        sockets.add(ws)
        ws.data.flow = sip.ws.openFlow({
          remoteAddress: ws.data.remoteAddress,
          remotePort: ws.data.remotePort,
          send: (text) => ws.send(text),
          close: (code, reason) => ws.close(code, reason),
        })
      },
      message(ws, data) {
        if (typeof data === "string" && data.startsWith("REGISTER ")) {
          const from = /^(?:From|f)\s*:.*?sips?:([^@;>]+)@/im.exec(data)?.[1]
          if (from) ws.data.user = from
          const down = from !== undefined ? dropOnRegister.get(from) : undefined
          if (down !== undefined) {
            dropOnRegister.delete(from)
            emit({ event: "dropped", user: from })
            void restart(down)
            return
          }
        }
        ws.data.flow.receive(data)
      },
      close(ws) {
        sockets.delete(ws)
        ws.data.flow?.closed()
      },
    },
  })
  port = server.port
  sip.ws.setLocal("127.0.0.1", port)
}

async function stop() {
  server?.stop(true)
  await sip?.stop()
}

let restarting = Promise.resolve()
function restart(downMs = 1000) {
  restarting = restarting.then(async () => {
    await stop()
    await new Promise((r) => setTimeout(r, downMs))
    await start()
    emit({ event: "restarted", port })
  })
  return restarting
}

await start()
emit({ event: "ready", port, domain: DOMAIN })

let buffered = ""
process.stdin.on("data", (chunk) => {
  buffered += chunk.toString()
  let nl
  while ((nl = buffered.indexOf("\n")) >= 0) {
    const line = buffered.slice(0, nl).trim()
    buffered = buffered.slice(nl + 1)
    if (!line) continue
    let command
    try {
      command = JSON.parse(line)
    } catch {
      emit({ event: "error", message: `not JSON: ${line}` })
      continue
    }
    if (command.cmd === "restart") void restart(command.downMs)
    else if (command.cmd === "dropOnRegister") dropOnRegister.set(command.user, command.downMs ?? 1000)
    else if (command.cmd === "rotate") {
      const next = `pw-${command.user}-${Date.now().toString(36)}`
      passwords.set(command.user, next)
      accounts.put({ ...accounts.get(`acc-${command.user}`), password: next })
      emit({ event: "rotated", user: command.user })
    } else if (command.cmd === "dropSockets") {
      for (const ws of [...sockets]) if (ws.data.user === command.user) ws.terminate?.() ?? ws.close(1011, "dropped")
      emit({ event: "droppedSockets", user: command.user })
    } else if (command.cmd === "bindings") {
      const aors = {}
      for (const user of Object.keys(USERS)) aors[user] = sip.location.lookup(`sip:${user}@${DOMAIN}`).length
      emit({ event: "bindings", aors })
    } else emit({ event: "error", message: `unknown command ${command.cmd}` })
  }
})
// the test drives it through a pipe: when the pipe closes, the harness ends
if (process.argv.includes("--stdin")) process.stdin.on("end", () => void stop().then(() => process.exit(0)))
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => void stop().then(() => process.exit(0)))

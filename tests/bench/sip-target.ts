/**
 * Our SIP server alone in a process, so that the benches measure its CPU and
 * memory the way they measure Kamailio's (from /proc, apart from SIPp and the
 * bench itself). Accounts: `--users N` bench users (user<i> / pw-<i>) plus alice
 * and bob; the dialplan sends 200 to bob. UDP on an ephemeral port of 127.0.0.1;
 * with `--ws`, also a Bun.serve on 127.0.0.1 whose `/sip` upgrades to SIP over
 * WebSocket, wired like server/src/app.ts (there through hono's Bun adapter).
 *
 * Prints one JSON line {pid, udp, ws} once listening, then answers commands on
 * stdin, one JSON line each: `stats` → memory and server state, `gc` → the same
 * after a full collection. Stops when stdin closes, so it never outlives the bench.
 *
 * `bun tests/bench/sip-target.ts [--users N] [--ws]`
 */
import { InMemoryAccountStore } from "../../packages/telephony/src/registrar"
import { InMemoryDialplan } from "../../packages/telephony/src/routing"
import { SipServer } from "../../packages/telephony/src/sip-server"
import type { WsFlow } from "../../packages/telephony/src/transport"
import { benchUser, USERS_DOMAIN } from "../../packages/telephony/bench/sipp-steps"

const arg = (name: string) => process.argv.indexOf(name)
const users = arg("--users") > 0 ? Number(process.argv[arg("--users") + 1]) : 2000
const withWs = arg("--ws") > 0

const accounts = new InMemoryAccountStore([
  ...Array.from({ length: users }, (_, i) => ({ tenantId: "bench", accountId: `a${i}`, domain: USERS_DOMAIN, ...benchUser(i) })),
  ...["alice", "bob"].map((u) => ({ tenantId: "bench", accountId: `acc-${u}`, domain: USERS_DOMAIN, username: u, password: `${u}-pw` })),
])
const server = new SipServer({
  udp: { port: 0, receiveBufferSize: 8 << 20, sendBufferSize: 8 << 20 },
  tcp: false,
  accounts,
  dialplan: new InMemoryDialplan().account("bench", "200", "acc-bob"),
  // the same digest work as the Kamailio peer: one MD5 challenge (SIPp 3.6 knows no other; by default we
  // would add a SHA-256 challenge to each 401/407)
  registrar: { algorithms: ["MD5"] },
})
const calls = { answered: 0, other: 0 }
server.calls.onEnded((r) => (r.disposition === "answered" ? calls.answered++ : calls.other++))
const { udp } = await server.start()

interface WsData {
  remoteAddress: string
  remotePort: number
  flow?: WsFlow
}

const http = withWs
  ? Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      idleTimeout: 60,
      fetch(req, srv) {
        if (new URL(req.url).pathname !== "/sip") return new Response("not found", { status: 404 })
        // Bun answers with the first subprotocol offered: it has to be ours (as in app.ts)
        const offered = (req.headers.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim())
        if (offered[0] !== "sip") return new Response("the subprotocol must be sip", { status: 400 })
        const ip = srv.requestIP(req)
        if (srv.upgrade(req, { data: { remoteAddress: ip?.address ?? "127.0.0.1", remotePort: ip?.port ?? 0 } })) return undefined
        return new Response("upgrade failed", { status: 400 })
      },
      websocket: {
        data: {} as WsData,
        open(ws) {
          ws.data.flow = server.ws.openFlow({
            remoteAddress: ws.data.remoteAddress,
            remotePort: ws.data.remotePort,
            send: (text) => void ws.send(text),
            close: (code, reason) => ws.close(code, reason),
          })
        },
        message(ws, data) {
          ws.data.flow?.receive(typeof data === "string" ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
        },
        close(ws) {
          ws.data.flow?.closed()
        },
      },
    })
  : undefined
if (http) server.ws.setLocal("127.0.0.1", http.port ?? 0)

const stats = () => {
  const m = process.memoryUsage()
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    bindings: server.location.size,
    flows: server.ws.flowCount,
    transactions: server.transactions.size,
    calls,
  }
}

console.log(JSON.stringify({ pid: process.pid, udp: udp!.port, ws: http?.port }))

const decoder = new TextDecoder()
const stdin = Bun.stdin.stream().getReader()
let pending = ""
for (let r = await stdin.read(); !r.done; r = await stdin.read()) {
  pending += decoder.decode(r.value, { stream: true })
  let nl: number
  while ((nl = pending.indexOf("\n")) >= 0) {
    const command = pending.slice(0, nl).trim()
    pending = pending.slice(nl + 1)
    if (command === "gc") Bun.gc(true)
    console.log(JSON.stringify(stats()))
  }
}
http?.stop(true)
await server.stop()
process.exit(0)

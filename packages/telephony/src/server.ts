/**
 * @org/telephony/server — the parts that need a server runtime (Bun or Node 20+:
 * `node:dgram`, `node:net`, `node:crypto`; no Bun-only API): transports,
 * transactions, the registrar, call routing and the SIP server composed of them. The message
 * layer stays in the browser-safe entry (`@org/telephony`) and is re-exported here.
 * Call routing: a stateful proxy (signalling only; media flows between the phones).
 *
 * ```ts
 * import { InMemoryAccountStore, InMemoryDialplan, SipServer } from "@org/telephony/server"
 *
 * const sip = new SipServer({
 *   host: "127.0.0.1",
 *   udp: { port: 5060 },                 // port 0: any free port
 *   tcp: { port: 5060 },
 *   accounts,                            // an AccountStore: find(domain, username), get(accountId)
 *   dialplan,                            // a Dialplan: resolve(tenantId, dialled) → extension / account
 *   routing: { trustRegisteredFlows: ["ws"], unknownCallers: "challenge", ringTimeoutMs: 180_000 },
 *   nonceSecret: process.env.SIP_NONCE_SECRET, // shared by instances behind one balancer
 * })
 * const { udp, tcp } = await sip.start()
 * sip.location.onChange((e) => console.log(e.type, e.binding.aor, e.binding.flow))
 * sip.calls.onEnded((record) => console.log(record.disposition, record.from.user, "→", record.to.user, record.talkSeconds))
 *
 * // WebSocket (RFC 7118): the HTTP server accepts the upgrade at /sip with subprotocol "sip"
 * // and plugs each socket in (Bun.serve's websocket handlers, in server/):
 * //   open(ws)          → ws.data.flow = sip.ws.openFlow({ remoteAddress, remotePort, send: (t) => ws.send(t), close: (c, r) => ws.close(c, r) })
 * //   message(ws, data) → ws.data.flow.receive(data)
 * //   close(ws)         → ws.data.flow.closed()
 * await sip.stop()
 * ```
 *
 * | folder | what |
 * |---|---|
 * | `transport/` | `UdpTransport` (on Bun over Bun's UDP socket: answers batched per event-loop turn, 4 MiB receive buffer), `TcpTransport` (framer, CRLF pong, limits), `WsTransport`/`WsFlow`, `Transports`, `Ingress` (stateless error answers, Via received/rport), `responseTarget` |
 * | `transaction/` | RFC 3261 §17 + RFC 6026 transactions, `TransactionLayer`, `ManualClock` for tests |
 * | `registrar/` | `Registrar`, `DigestAuthenticator` (digest MD5/SHA-256, nonces, lockout; 401 and 407), `LocationService` (bindings with their flow), `AccountStore` |
 * | `routing/` | `SipProxy` (RFC 3261 §16 stateful proxy: 407 for callers, forking, Record-Route, loose routing), `Dialplan` / `InMemoryDialplan`, `RoutingDecisions`, `CallTracker` and `CallRecord` |
 * | `sip-server/` | `SipServer`: the composition, OPTIONS / REGISTER / INVITE and MESSAGE routed / in-dialog routed / CANCEL / 405 / 481 / 501 |
 * | `pbx/` | the platform's side (Effect services over the `telephony` schema): `SipAccounts`, `Extensions`, `CallRecords`, `SipDirectory` (DB-backed `AccountStore` + `Dialplan` with a short cache), `Sip` (the server as a scoped resource, call records and events), `makeTelephonyRoutes`, `telephonyMigrations` |
 *
 * In the platform (server/src/runtime.ts):
 *
 * ```ts
 * const telephony = Layer.mergeAll(SipAccounts.layer, Extensions.layer, CallRecords.layer).pipe(Layer.provideMerge(SipDirectory.layer))
 * const sip = Sip.layer({ host: "0.0.0.0", port: 5060 }).pipe(Layer.provide(telephony)) // Sip.disabled: no SIP listeners
 * app.route("/api/v1/telephony", makeTelephonyRoutes(runtime))
 * ```
 */
export * from "./sip"
export * from "./transport"
export * from "./transaction"
export * from "./registrar"
export * from "./routing"
export * from "./sip-server"
export * from "./api"
export * from "./events"
export * from "./pbx"

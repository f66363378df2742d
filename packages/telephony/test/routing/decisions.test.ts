/**
 * Routing decisions, with raw peers over UDP/TCP and WebSocket flows on
 * 127.0.0.1: who may call (407, trusted flows, blocked accounts, unknown
 * callers), where a number goes (dialplan, usernames, tenants), and the
 * answers when it cannot (404, 480, 486, 403), each with its call record.
 */
import { afterEach, describe, expect, test } from "bun:test"
import { type SipResponse, generateBranch } from "../../src/server"
import { request } from "../support/peers"
import { and, callIdIs, isStatus } from "../support/ua"
import { DOMAIN, type Harness, TENANT, USERS, account, startHarness } from "./harness"

let h: Harness | undefined
afterEach(async () => {
  await h?.stop()
  h = undefined
})

const fail = async (harness: Harness, from: string, dialled: string, o: { transport?: "UDP" | "TCP" | "WS" } = {}) => {
  const ua = await harness.ua(from, { transport: o.transport })
  const call = ua.call(dialled)
  const r = await call.start()
  if (r.status >= 300) call.ackFailure(r)
  return { r, call, ua }
}

describe("where a number goes", () => {
  test("unknown number → 404, failed; a known extension nobody registered → 480, missed", async () => {
    h = await startHarness()
    h.dialplan.extension(TENANT, "300", ["acc-carol", "acc-dave"])
    const unknown = await fail(h, "alice", "999")
    expect(unknown.r.status).toBe(404)
    expect(await h.record(unknown.call.callId)).toMatchObject({ disposition: "failed", status: 404, hangup: "system", targetAccountIds: [] })
    const nobody = await fail(h, "alice", "300")
    expect(nobody.r.status).toBe(480)
    const rec = await h.record(nobody.call.callId)
    expect(rec).toMatchObject({ disposition: "missed", status: 480, hangup: "system" })
    expect(rec.targetAccountIds.sort()).toEqual(["acc-carol", "acc-dave"])
  })

  test("a username dials its account when the dialplan has no entry (policy dialUsernames), never across tenants", async () => {
    h = await startHarness({ accounts: [...USERS.map((u) => account(u)), account("zed", { tenantId: "t2", domain: "other.test" })] })
    const bob = await h.ua("bob")
    const alice = await h.ua("alice")
    const call = alice.call("bob")
    const p = call.start()
    const inc = await bob.incoming()
    inc.respond(486, { reason: "Busy Here" })
    expect((await p).status).toBe(486)
    // the dialplan naming another tenant's account: as if it did not exist
    h.dialplan.account(TENANT, "777", "acc-zed")
    expect((await fail(h, "alice", "777")).r.status).toBe(404)
    const off = await startHarness({ policy: { dialUsernames: false } })
    try {
      await off.ua("bob")
      expect((await fail(off, "alice", "bob")).r.status).toBe(404)
    } finally {
      await off.stop()
    }
  })

  test("blocked callee → 403; an extension skips its blocked members; a blocked caller → 403 once authenticated", async () => {
    h = await startHarness({ accounts: [...USERS.filter((u) => u !== "carol" && u !== "frank").map((u) => account(u)), account("carol", { blocked: true }), account("frank", { blocked: true })] })
    h.dialplan.account(TENANT, "201", "acc-carol").extension(TENANT, "300", ["acc-carol", "acc-dave"])
    const daveUa = await h.ua("dave")
    const blocked = await fail(h, "alice", "201")
    expect(blocked.r.status).toBe(403)
    expect(await h.record(blocked.call.callId)).toMatchObject({ disposition: "failed", status: 403 })
    const alice = await h.ua("alice")
    const call = alice.call("300")
    const p = call.start()
    const inc = await daveUa.incoming()
    inc.respond(486, { reason: "Busy Here" })
    const busy = await p
    expect(busy.status).toBe(486)
    call.ackFailure(busy)
    expect((await h.record(call.callId)).targetAccountIds).toEqual(["acc-dave"])
    // frank is blocked: he authenticates and is refused
    const frank = await h.ua("frank", { register: false })
    const fc = frank.call("300")
    const r = await fc.start()
    expect(r.status).toBe(403)
    // no record: a refused caller is no call
    expect(h.records.some((x) => x.callId === fc.callId)).toBe(false)
  }, 10_000)
})

describe("call limits (AccountStore callLimit; ringing calls count)", () => {
  test("the callee at its limit → 486 busy; an extension rings only its members below their limit; the caller at its limit → 486", async () => {
    h = await startHarness({ accounts: [account("alice", { callLimit: 1 }), account("bob", { callLimit: 1 }), account("carol"), account("dave")] })
    h.dialplan.extension(TENANT, "300", ["acc-bob", "acc-dave"])
    const bob = await h.ua("bob")
    const dave = await h.ua("dave")
    const carol = await h.ua("carol")
    // carol → bob, answered: bob is at his limit
    const first = carol.call("bob")
    const p = first.start()
    const inc = await bob.incoming()
    inc.answer()
    first.ack(await p)
    await inc.next("ACK")
    expect(h.calls.activeCount("acc-bob")).toBe(1)

    const busy = await fail(h, "dave", "bob")
    expect(busy.r.status).toBe(486)
    expect(await h.record(busy.call.callId)).toMatchObject({ disposition: "busy", status: 486, hangup: "system" })

    // the extension rings dave only
    const alice = await h.ua("alice")
    const viaExt = alice.call("300")
    const ringing = viaExt.start()
    const toDave = await dave.incoming()
    toDave.respond(180, { reason: "Ringing" })
    expect((await ringing).status).toBe(180)
    expect(await bob.wire.inbox.silent(100, (m) => m.kind === "request" && m.method === "INVITE")).toBe(true)
    // alice (limit 1) is in a ringing call: a second call of hers is refused at once
    const second = alice.call("carol")
    const r2 = await second.start()
    expect(r2.status).toBe(486)
    second.ackFailure(r2)
    // the call ends: the counts go back
    viaExt.cancel()
    const cancel = await toDave.next("CANCEL")
    toDave.respond(200, { to: cancel })
    toDave.respond(487)
    viaExt.ackFailure(await viaExt.response(487))
    await h.record(viaExt.callId)
    expect(h.calls.activeCount("acc-alice")).toBe(0)
    expect(h.calls.activeCount("acc-dave")).toBe(0)
    expect(h.calls.activeCount("acc-bob")).toBe(1)
  })
})

describe("who may call", () => {
  test("a wrong password gets 407 again, then 403 (lockout shared with REGISTER); credentials of another user → 403", async () => {
    h = await startHarness()
    const eve = await h.ua("erin", { register: false, password: "wrong" })
    const a = eve.call("alice")
    expect((await a.start()).status).toBe(407)
    // credentials for bob in an INVITE From erin: refused
    const ua = await h.ua("erin", { register: false })
    const c = ua.call("alice")
    c.invite()
    const challenge = await c.response(407)
    c.ackFailure(challenge)
    const nonce = /nonce="([^"]+)"/.exec(challenge.headers.get("Proxy-Authenticate")!)![1]
    c.cseq++
    const { authorization } = await import("../support/peers")
    c.invite({ auth: authorization({ username: "bob", password: "bob-pw", realm: DOMAIN, nonce, uri: c.target, method: "INVITE" }) })
    expect((await c.response((s) => s >= 200)).status).toBe(403)
    // a guesser from one address is locked out after 5 failures
    let last = 0
    for (let i = 0; i < 5; i++) {
      const x = eve.call("alice")
      last = (await x.start()).status
    }
    expect(last).toBe(403)
  })

  test("a caller whose From is not an account: 407 (policy challenge), or routed as inbound into the domain's tenant (policy allow)", async () => {
    h = await startHarness()
    const stranger = await h.ua("nobody", { register: false })
    const r = await stranger.call("alice").start()
    expect(r.status).toBe(407)
    const open = await startHarness({ policy: { unknownCallers: "allow" } })
    try {
      const alice = await open.ua("alice")
      const guest = await open.ua("guest", { register: false })
      // the domain names no tenant yet: 404
      expect((await guest.call("alice").start()).status).toBe(404)
      open.dialplan.domain(DOMAIN, TENANT)
      const call = guest.call("alice")
      const p = call.start()
      const inc = await alice.incoming()
      expect(inc.invite.headers.has("Proxy-Authorization")).toBe(false)
      inc.respond(486, { reason: "Busy Here" })
      expect((await p).status).toBe(486)
      expect(await open.record(call.callId)).toMatchObject({ direction: "inbound", calleeAccountId: "acc-alice", from: { user: "guest" } })
      expect((await open.record(call.callId)).callerAccountId).toBeUndefined()
    } finally {
      await open.stop()
    }
  })

  test("a WebSocket flow the account registered on is trusted (no 407); TCP only when the policy says so; another account over it is challenged", async () => {
    h = await startHarness()
    const bob = await h.ua("bob")
    const ws = await h.ua("alice", { transport: "WS" })
    const call = ws.call("bob")
    call.invite()
    const inc = await bob.incoming()
    inc.respond(486, { reason: "Busy Here" })
    // the first answer after 100 Trying is bob's: no 407 on the way
    expect((await call.response((s) => s !== 100)).status).toBe(486)

    // TCP: challenged by default
    const tcp = await h.ua("carol", { transport: "TCP" })
    const c2 = tcp.call("bob")
    c2.invite()
    expect((await c2.response((s) => s !== 100)).status).toBe(407)

    const trusting = await startHarness({ policy: { trustRegisteredFlows: ["ws", "tcp"] } })
    try {
      const b2 = await trusting.ua("bob")
      const t2 = await trusting.ua("carol", { transport: "TCP" })
      const c3 = t2.call("bob")
      c3.invite()
      const inc2 = await b2.incoming()
      inc2.respond(603, { reason: "Decline" })
      expect((await c3.response((s) => s !== 100)).status).toBe(603)
      // a From of another account over carol's flow: challenged
      const spoof = t2.call("bob")
      Object.defineProperty(t2, "aor", { value: `sip:dave@${DOMAIN}` })
      spoof.invite()
      expect((await spoof.response((s) => s !== 100)).status).toBe(407)
    } finally {
      await trusting.stop()
    }
  })
})

describe("what a proxy checks first (§16.3)", () => {
  test("Max-Forwards 0 → 483; Proxy-Require → 420; a foreign Route outside a dialog → 403; in-dialog requests of unknown dialogs → 481", async () => {
    h = await startHarness()
    const ua = await h.ua("alice")
    const port = h.addr.udp!.port
    const send = async (o: Parameters<typeof request>[0]) => {
      const callId = o.callId ?? `x-${Math.random()}`
      ua.wire.send(request({ ...o, callId }))
      return (await ua.wire.next(and(callIdIs(callId), isStatus((s) => s >= 200)))) as SipResponse
    }
    const base = { port: ua.wire.port, uri: `sip:bob@${DOMAIN}`, from: `<sip:alice@${DOMAIN}>`, to: `<sip:bob@${DOMAIN}>` }
    expect((await send({ ...base, method: "INVITE", headers: ["Max-Forwards: 0"] })).status).toBe(400) // two Max-Forwards: the parser's answer
    const mf0 = request({ ...base, method: "INVITE", callId: "mf0" }).replace("Max-Forwards: 70", "Max-Forwards: 0")
    ua.wire.send(mf0)
    expect(((await ua.wire.next(and(callIdIs("mf0"), isStatus((s) => s >= 200)))) as SipResponse).status).toBe(483)
    const pr = await send({ ...base, method: "INVITE", headers: ["Proxy-Require: foo"] })
    expect([pr.status, pr.headers.get("Unsupported")]).toEqual([420, "foo"])
    expect((await send({ ...base, method: "INVITE", headers: [`Route: <sip:127.0.0.1:${port};lr>`, "Route: <sip:127.0.0.9:5060;lr>"] })).status).toBe(403)
    for (const method of ["BYE", "INFO", "UPDATE", "REFER", "NOTIFY", "MESSAGE", "INVITE"])
      expect((await send({ ...base, method, to: `<sip:bob@${DOMAIN}>;tag=nope`, headers: [`Route: <sip:127.0.0.1:${port};transport=udp;lr>`] })).status).toBe(481)
    // OPTIONS outside any dialog we know is still ours to answer
    expect((await send({ ...base, method: "OPTIONS", to: `<sip:bob@${DOMAIN}>;tag=nope` })).status).toBe(200)
  })

  test("a request that comes back to us unchanged → 482 (loop)", async () => {
    h = await startHarness()
    const bob = await h.ua("bob")
    const alice = await h.ua("alice")
    const call = alice.call("bob")
    const p = call.start()
    const inc = await bob.incoming()
    // bob's phone sends the INVITE it got straight back to us (as a misconfigured forwarder would), Via and all
    const back = inc.invite
    const text = [
      `INVITE sip:bob@${DOMAIN} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${bob.wire.port};branch=${generateBranch()};rport`,
      ...back.headers.getAll("Via").map((v) => `Via: ${v}`),
      "Max-Forwards: 68",
      `From: ${back.headers.get("From")}`, `To: ${back.headers.get("To")}`, `Call-ID: ${back.headers.get("Call-ID")}`, `CSeq: ${back.headers.get("CSeq")}`,
      "Content-Length: 0", "", "",
    ].join("\r\n")
    bob.wire.send(text)
    const loop = (await bob.wire.next(and(callIdIs(call.callId), isStatus(482)))) as SipResponse
    expect(loop.status).toBe(482)
    inc.respond(486, { reason: "Busy Here" })
    expect((await p).status).toBe(486)
  })
})

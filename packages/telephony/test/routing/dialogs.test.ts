/**
 * Dialogs through the proxy: transport changes (WebSocket ↔ UDP, TCP ↔ UDP)
 * with double Record-Route, a WebSocket party that vanishes, transfers (REFER
 * blind and attended), the ring timeout, a 2xx that crosses a CANCEL, and
 * MESSAGE to an extension.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test"
import { type SipRequest, type SipResponse, parseNameAddr, parseVia } from "../../src/server"
import { IncomingCall, and, callIdIs, cseqMethod, isRequest, isStatus } from "../support/ua"
import { DOMAIN, type Harness, TENANT, startHarness } from "./harness"

let h: Harness

beforeAll(async () => {
  h = await startHarness({ policy: { ringTimeoutMs: 400, flowGraceMs: 0 } })
  h.dialplan.extension(TENANT, "300", ["acc-carol", "acc-dave"])
})
afterAll(() => h.stop())
beforeEach(() => h.reset())

const transports = (m: { headers: SipRequest["headers"] }) =>
  m.headers.getAll("Record-Route").map((v) => {
    const na = parseNameAddr(v)
    return na.ok && na.value.uri.kind === "sip" ? na.value.uri.params.get("transport") : "?"
  })

/** Answers a request that reached a UA (as the other party of a dialog). */
const answer = (inc: IncomingCall, req: SipRequest, status = 200) => inc.respond(status, { to: req })

describe("transport changes", () => {
  test("WebSocket caller → UDP callee: double Record-Route (udp, ws); BYE from the callee reaches the WebSocket", async () => {
    const alice = await h.ua("alice", { transport: "WS" })
    const bob = await h.ua("bob")
    const call = alice.call("bob")
    const p = call.start()
    const inc = await bob.incoming()
    expect(transports(inc.invite)).toEqual(["udp", "ws"])
    expect(parseVia(inc.invite.headers.get("Via")!).ok && (parseVia(inc.invite.headers.get("Via")!) as { value: { transport: string } }).value.transport).toBe("UDP")
    inc.answer()
    const ok = await p
    expect(ok.status).toBe(200)
    call.ack(ok)
    const ack = await inc.next("ACK")
    // both of our Route entries were taken off
    expect(ack.headers.getAll("Route")).toEqual([])
    // bob's route set is the Record-Route as received: our udp entry first, then ws
    expect(inc.dialog!.routeSet.length).toBe(2)
    const byeP = inc.dialog!.ask("BYE")
    const bye = (await alice.wire.next(and(callIdIs(call.callId), isRequest("BYE")))) as SipRequest
    expect(bye.headers.getAll("Route")).toEqual([])
    expect(parseVia(bye.headers.get("Via")!).ok && (parseVia(bye.headers.get("Via")!) as { value: { transport: string } }).value.transport).toBe("WS")
    new IncomingCall(alice, bye).respond(200, { to: bye })
    expect((await byeP).status).toBe(200)
    expect(await h.record(call.callId)).toMatchObject({ disposition: "answered", hangup: "callee" })
  })

  test("TCP caller → WebSocket callee: answers go back over the caller's connection", async () => {
    const carol = await h.ua("carol", { transport: "TCP" })
    const dave = await h.ua("dave", { transport: "WS" })
    const call = carol.call("dave")
    const p = call.start()
    const inc = await dave.incoming()
    expect(transports(inc.invite)).toEqual(["ws", "tcp"])
    inc.respond(180, { reason: "Ringing" })
    expect((await p).status).toBe(180)
    inc.answer()
    const ok = await call.response(200)
    const d = call.ack(ok)
    await inc.next("ACK")
    const byeP = d.ask("BYE")
    answer(inc, await inc.next("BYE"))
    expect((await byeP).status).toBe(200)
  })

  test("a WebSocket callee whose socket closes mid-call (no grace): the caller gets a BYE from us at once, the record says the callee hung up", async () => {
    const alice = await h.ua("alice")
    const bob = await h.ua("bob", { transport: "WS" })
    const call = alice.call("bob")
    const p = call.start()
    const inc = await bob.incoming()
    inc.answer()
    call.ack(await p)
    await inc.next("ACK")
    bob.wire.close()
    const bye = (await alice.wire.next(and(callIdIs(call.callId), isRequest("BYE")))) as SipRequest
    expect(bye.headers.get("Reason")).toContain("cause=480")
    // it is a request in alice's dialog: her tag in To, bob's in From
    expect(bye.headers.get("To")).toContain(call.fromTag)
    expect(bye.headers.get("From")).toContain(inc.localTag)
    new IncomingCall(alice, bye).respond(200, { to: bye })
    expect(await h.record(call.callId)).toMatchObject({ disposition: "answered", hangup: "callee", reason: "connection closed" })
    await Bun.sleep(20)
    expect(h.server.proxy.dialogs.get(call.callId, call.fromTag)).toBeUndefined()
  })
})

describe("transfers", () => {
  test("blind transfer: REFER from the callee is routed to the caller, its target and 202 recorded; NOTIFY goes back", async () => {
    const alice = await h.ua("alice")
    const bob = await h.ua("bob")
    const call = alice.call("bob")
    const p = call.start()
    const inc = await bob.incoming()
    inc.answer()
    const d = call.ack(await p)
    await inc.next("ACK")
    const referP = inc.dialog!.ask("REFER", { headers: [`Refer-To: <sip:300@${DOMAIN}>`, `Referred-By: <sip:bob@${DOMAIN}>`] })
    const refer = (await alice.wire.next(and(callIdIs(call.callId), isRequest("REFER")))) as SipRequest
    expect(refer.headers.get("Refer-To")).toBe(`<sip:300@${DOMAIN}>`)
    const aliceSide = new IncomingCall(alice, refer)
    aliceSide.respond(202, { to: refer, reason: "Accepted" })
    expect((await referP).status).toBe(202)
    const notifyP = d.ask("NOTIFY", { headers: ["Event: refer", "Subscription-State: terminated;reason=noresource", "Content-Type: message/sipfrag"], body: "SIP/2.0 200 OK\r\n" })
    answer(inc, await inc.next("NOTIFY"))
    expect((await notifyP).status).toBe(200)
    const byeP = d.ask("BYE")
    answer(inc, await inc.next("BYE"))
    await byeP
    const record = await h.record(call.callId)
    expect(record.transfers.length).toBe(1)
    expect(record.transfers[0]).toMatchObject({ by: "callee", target: `sip:300@${DOMAIN}`, targetUser: "300", status: 202 })
    expect(record.transfers[0].replaces).toBeUndefined()
  })

  test("attended transfer: Refer-To with Replaces is recorded with the replaced dialog; the INVITE with Replaces names it too", async () => {
    const alice = await h.ua("alice")
    const bob = await h.ua("bob")
    const call = alice.call("bob")
    const p = call.start()
    const inc = await bob.incoming()
    inc.answer()
    const d = call.ack(await p)
    await inc.next("ACK")
    const referTo = `<sip:carol@${DOMAIN}?Replaces=other-call%40host%3Bto-tag%3Dtt1%3Bfrom-tag%3Dff2>`
    const referP = d.ask("REFER", { headers: [`Refer-To: ${referTo}`] })
    answer(inc, await inc.next("REFER"), 202)
    expect((await referP).status).toBe(202)
    // the transferee's new call to carol carries Replaces and Referred-By
    const carol = await h.ua("carol")
    const c2 = bob.call("carol")
    const p2 = c2.start({ headers: ["Replaces: other-call@host;to-tag=tt1;from-tag=ff2", `Referred-By: <sip:alice@${DOMAIN}>`] })
    const inc2 = await carol.incoming()
    expect(inc2.invite.headers.get("Replaces")).toContain("other-call@host")
    inc2.respond(486, { reason: "Busy Here" })
    c2.ackFailure(await p2)
    const r2 = await h.record(c2.callId)
    expect(r2).toMatchObject({ replacesCallId: "other-call@host", referredBy: `<sip:alice@${DOMAIN}>` })
    const byeP = d.ask("BYE")
    answer(inc, await inc.next("BYE"))
    await byeP
    const record = await h.record(call.callId)
    expect(record.transfers[0]).toMatchObject({
      by: "caller", target: `sip:carol@${DOMAIN}`, targetUser: "carol", status: 202,
      replaces: { callId: "other-call@host", toTag: "tt1", fromTag: "ff2" },
    })
  })
})

describe("timeouts and races", () => {
  test("nobody answers within the ring timeout: branches cancelled, the caller gets 480, disposition missed", async () => {
    const alice = await h.ua("alice")
    const carol = await h.ua("carol")
    const dave = await h.ua("dave")
    const call = alice.call("300")
    const p = call.start()
    const [a, b] = await Promise.all([carol.incoming(), dave.incoming()])
    a.respond(180)
    b.respond(180)
    expect((await p).status).toBe(180)
    const [ca, cb] = await Promise.all([a.next("CANCEL", 2000), b.next("CANCEL", 2000)])
    for (const [x, c] of [[a, ca], [b, cb]] as const) {
      x.respond(200, { to: c })
      x.respond(487)
    }
    const r = await call.response((s) => s >= 200)
    expect([r.status, r.reason]).toEqual([480, "No Answer"])
    call.ackFailure(r)
    const record = await h.record(call.callId)
    expect(record).toMatchObject({ disposition: "missed", status: 480, hangup: "system", reason: "No answer" })
    expect(record.ringSeconds).toBeGreaterThanOrEqual(0.35)
  })

  test("a callee that answers as the caller's CANCEL reaches it: the 200 wins (§16.7), the caller ACKs and hangs up", async () => {
    const alice = await h.ua("alice")
    const bob = await h.ua("bob")
    const call = alice.call("bob")
    const p = call.start()
    const inc = await bob.incoming()
    inc.respond(180)
    expect((await p).status).toBe(180)
    call.cancel()
    const cancel = await inc.next("CANCEL")
    // bob answers anyway (the 200 crossed the CANCEL), and says the INVITE is done for the CANCEL
    inc.answer()
    inc.respond(200, { to: cancel })
    // the 2xx is forwarded like any other: alice has a call and must hang it up herself
    const first = await call.response((s) => s >= 200)
    expect(first.status).toBe(200)
    const d = call.ack(first)
    await inc.next("ACK")
    const byeP = d.ask("BYE")
    answer(inc, await inc.next("BYE"))
    await byeP
    expect(await h.record(call.callId)).toMatchObject({ disposition: "answered", hangup: "caller" })
  })

  test("the caller's CANCEL while a branch has not answered at all: 487 at once, and a late 200 from it is ACKed and hung up by us", async () => {
    const alice = await h.ua("alice")
    const bob = await h.ua("bob")
    const call = alice.call("bob")
    call.invite()
    // answer the 407 by hand so that bob gets the INVITE and says nothing
    const challenge = await call.response(407)
    call.ackFailure(challenge)
    const nonce = /nonce="([^"]+)"/.exec(challenge.headers.getAll("Proxy-Authenticate").find((c) => c.includes("MD5"))!)![1]
    call.cseq++
    const { authorization } = await import("../support/peers")
    call.invite({ auth: authorization({ username: "alice", password: "alice-pw", realm: DOMAIN, nonce, uri: call.target, method: "INVITE", nc: 1 }) })
    const inc = await bob.incoming()
    await call.response(100)
    call.cancel()
    const r = await call.response((s) => s >= 200)
    expect(r.status).toBe(487)
    call.ackFailure(r)
    expect(await h.record(call.callId)).toMatchObject({ disposition: "cancelled", hangup: "caller" })
    // bob's phone answers late: the proxy ACKs it and hangs up; alice hears nothing of it
    inc.answer()
    const ack = await inc.next("ACK")
    expect(ack.headers.get("CSeq")).toBe(`${call.cseq} ACK`)
    const bye = await inc.next("BYE")
    expect(bye.headers.get("Reason")).toContain("cause=487")
    answer(inc, bye)
    expect(await alice.wire.inbox.silent(150, and(callIdIs(call.callId), cseqMethod("INVITE"), isStatus(200)))).toBe(true)
  })
})

describe("calls we end ourselves", () => {
  test("an answered call longer than maxCallMs: a BYE to both sides, hangup system; stopping the server ends the records of calls in progress", async () => {
    const short = await startHarness({ policy: { maxCallMs: 300 } })
    try {
      const alice = await short.ua("alice")
      const bob = await short.ua("bob")
      const call = alice.call("bob")
      const p = call.start()
      const inc = await bob.incoming()
      inc.answer()
      call.ack(await p)
      await inc.next("ACK")
      const [toAlice, toBob] = await Promise.all([
        alice.wire.next(and(callIdIs(call.callId), isRequest("BYE")), 2000),
        inc.next("BYE", 2000),
      ])
      expect((toBob as SipRequest).headers.get("Reason")).toContain("maximum call duration")
      new IncomingCall(alice, toAlice as SipRequest).respond(200, { to: toAlice as SipRequest })
      inc.respond(200, { to: toBob })
      const record = await short.record(call.callId)
      expect(record).toMatchObject({ disposition: "answered", hangup: "system", reason: "maximum call duration" })
      expect(record.talkSeconds).toBeGreaterThanOrEqual(0.28)
      expect(short.calls.activeCount("acc-bob")).toBe(0)

      // a call still ringing when the server stops
      const c2 = alice.call("bob")
      const p2 = c2.start()
      ;(await bob.incoming()).respond(180)
      await p2
      await short.server.stop()
      expect(await short.record(c2.callId)).toMatchObject({ disposition: "failed", status: 503, hangup: "system", reason: "server stopped" })
    } finally {
      await short.stop()
    }
  })
})

describe("MESSAGE", () => {
  test("to an extension: authenticated with 407, forked to every contact, the first 200 answers, no call record", async () => {
    const alice = await h.ua("alice")
    const carol = await h.ua("carol")
    const dave = await h.ua("dave", { transport: "TCP" })
    const { request, authorization } = await import("../support/peers")
    const callId = `msg-${Math.random()}`
    const send = (cseq: number, auth?: string) =>
      alice.wire.send(
        request({
          method: "MESSAGE", uri: `sip:300@${DOMAIN}`, port: alice.wire.port, callId, cseq, from: `<sip:alice@${DOMAIN}>`, to: `<sip:300@${DOMAIN}>`,
          headers: ["Content-Type: text/plain", ...(auth ? [`Proxy-Authorization: ${auth}`] : [])], body: "hi all",
        }),
      )
    send(1)
    const challenge = (await alice.wire.next(and(callIdIs(callId), isStatus(407)))) as SipResponse
    const nonce = /nonce="([^"]+)"/.exec(challenge.headers.getAll("Proxy-Authenticate").find((c) => c.includes("MD5"))!)![1]
    send(2, authorization({ username: "alice", password: "alice-pw", realm: DOMAIN, nonce, uri: `sip:300@${DOMAIN}`, method: "MESSAGE", nc: 7 }))
    const [m1, m2] = await Promise.all([
      carol.wire.next(and(callIdIs(callId), isRequest("MESSAGE"))),
      dave.wire.next(and(callIdIs(callId), isRequest("MESSAGE"))),
    ])
    expect(new TextDecoder().decode(m1.body)).toBe("hi all")
    expect((m1 as SipRequest).headers.has("Record-Route")).toBe(false)
    new IncomingCall(dave, m2 as SipRequest).respond(200, { to: m2 as SipRequest })
    new IncomingCall(carol, m1 as SipRequest).respond(200, { to: m1 as SipRequest })
    expect(((await alice.wire.next(and(callIdIs(callId), isStatus(200)))) as SipResponse).status).toBe(200)
    // one answer only
    expect(await alice.wire.inbox.silent(150, callIdIs(callId))).toBe(true)
    expect(h.records.some((r) => r.callId === callId)).toBe(false)
  })
})

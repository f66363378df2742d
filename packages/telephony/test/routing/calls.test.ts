/**
 * The proxy with raw SIP peers on 127.0.0.1: a whole call between two
 * registered accounts (407, forking, Record-Route, loose routing of ACK and
 * BYE, in-dialog requests both ways), over UDP, TCP and WebSocket flows.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test"
import { type SipRequest, parseNameAddr, parseVia } from "../../src/server"
import { SDP, and, callIdIs, isRequest } from "../support/ua"
import { DOMAIN, type Harness, TENANT, startHarness } from "./harness"

let h: Harness

beforeAll(async () => {
  h = await startHarness()
  h.dialplan.account(TENANT, "200", "acc-bob").extension(TENANT, "300", ["acc-carol", "acc-dave"], "sales")
})
afterAll(() => h.stop())
beforeEach(() => h.reset())

const rrUris = (m: { headers: SipRequest["headers"] }) =>
  m.headers.getAll("Record-Route").map((v) => {
    const na = parseNameAddr(v)
    if (!na.ok || na.value.uri.kind !== "sip") throw new Error(`bad Record-Route ${v}`)
    return na.value.uri
  })

describe("a call between two accounts over UDP", () => {
  test("INVITE → 407 → INVITE with credentials → 100/180/200 → ACK → BYE → 200, and its call record", async () => {
    const alice = await h.ua("alice")
    const bob = await h.ua("bob")
    const call = alice.call("200")
    call.invite()
    const challenge = await call.response(407)
    expect(challenge.headers.getAll("Proxy-Authenticate").length).toBe(2)
    expect(challenge.headers.get("Proxy-Authenticate")).toContain(`realm="${DOMAIN}"`)
    call.ackFailure(challenge)
    // the same INVITE with credentials: start() does the 407 dance again from the top
    const c2 = alice.call("200")
    const ringingP = c2.start()
    const incoming = await bob.incoming()
    const inv = incoming.invite
    // what the callee sees: its contact as Request-URI, our Via on top, Max-Forwards 69, our Record-Route, no credentials
    expect(inv.uri.kind === "sip" && inv.uri.port).toBe(bob.wire.port)
    const vias = inv.headers.getAll("Via").map((v) => parseVia(v))
    expect(vias.length).toBe(2)
    expect(vias[0].ok && vias[0].value.port).toBe(h.addr.udp!.port)
    expect(vias[0].ok && vias[0].value.branch!.startsWith("z9hG4bK")).toBe(true)
    expect(inv.headers.get("Max-Forwards")).toBe("69")
    expect(inv.headers.has("Proxy-Authorization")).toBe(false)
    const rr = rrUris(inv)
    expect(rr.length).toBe(1)
    expect([rr[0].host, rr[0].port, rr[0].params.has("lr"), rr[0].params.get("transport")]).toEqual(["127.0.0.1", h.addr.udp!.port, true, "udp"])
    expect(new TextDecoder().decode(inv.body)).toBe(SDP)
    expect(h.calls.activeCount("acc-alice")).toBe(1)
    expect(h.calls.activeCount("acc-bob")).toBe(1)

    incoming.respond(180, { reason: "Ringing" })
    const ringing = await ringingP
    expect(ringing.status).toBe(180)
    // our Via is gone again: the caller sees only its own
    expect(ringing.headers.getAll("Via").length).toBe(1)
    expect(h.calls.get(c2.callId, c2.fromTag)?.state).toBe("ringing")

    const calleeDialog = incoming.answer()
    const ok = await c2.response(200)
    expect(ok.headers.getAll("Record-Route").length).toBe(1)
    expect(h.calls.get(c2.callId, c2.fromTag)?.state).toBe("answered")
    const dialog = c2.ack(ok)
    // the ACK comes through us (Route: our Record-Route) to bob
    const ack = await incoming.next("ACK")
    expect(ack.headers.getAll("Route")).toEqual([])
    expect(ack.headers.getAll("Via").length).toBe(2)

    // in-dialog requests both ways: INFO from alice, re-INVITE (hold) from bob, UPDATE and MESSAGE
    const infoP = dialog.ask("INFO", { headers: ["Content-Type: application/dtmf-relay"], body: "Signal=5\r\nDuration=160\r\n" })
    const info = await incoming.next("INFO")
    incoming.respond(200, { to: info })
    expect((await infoP).status).toBe(200)

    const holdP = calleeDialog.ask("INVITE", { headers: ["Content-Type: application/sdp"], body: SDP.replace("sendrecv", "sendonly") })
    const hold = (await alice.wire.next(and(callIdIs(c2.callId), isRequest("INVITE")))) as SipRequest
    expect(new TextDecoder().decode(hold.body)).toContain("a=sendonly")
    const aliceSide = new (await import("../support/ua")).IncomingCall(alice, hold)
    aliceSide.respond(200, { to: hold, headers: [`Contact: ${alice.contact}`, "Content-Type: application/sdp"], body: SDP.replace("sendrecv", "recvonly") })
    const holdOk = await holdP
    expect(holdOk.status).toBe(200)
    calleeDialog.send("ACK", { cseq: calleeDialog.cseq })
    await alice.wire.next(and(callIdIs(c2.callId), isRequest("ACK")))

    for (const method of ["UPDATE", "MESSAGE"]) {
      const p = dialog.ask(method, { body: method === "MESSAGE" ? "hello" : undefined })
      const r = await incoming.next(method)
      incoming.respond(200, { to: r })
      expect((await p).status).toBe(200)
    }

    await Bun.sleep(20)
    const byeP = dialog.ask("BYE")
    const bye = await incoming.next("BYE")
    incoming.respond(200, { to: bye })
    expect((await byeP).status).toBe(200)

    const record = await h.record(c2.callId)
    expect(record).toMatchObject({
      tenantId: TENANT, callId: c2.callId, fromTag: c2.fromTag, direction: "internal", disposition: "answered", status: 200, hangup: "caller",
      callerAccountId: "acc-alice", calleeAccountId: "acc-bob", targetAccountIds: ["acc-bob"],
      from: { user: "alice", displayName: "ALICE" }, to: { user: "200" }, transfers: [],
    })
    expect(record.talkSeconds).toBeGreaterThanOrEqual(0.02)
    expect(record.ringSeconds).toBeGreaterThanOrEqual(0)
    expect(record.answeredAt!.getTime()).toBeGreaterThanOrEqual(record.startedAt.getTime())
    expect(record.endedAt.getTime() - record.answeredAt!.getTime()).toBe(Math.round(record.talkSeconds * 1000))
    // the first, challenged INVITE made no record
    expect(h.records.some((r) => r.callId === call.callId)).toBe(false)
    expect(h.calls.activeCount("acc-alice")).toBe(0)
    expect(h.calls.activeCount("acc-bob")).toBe(0)
    // the dialog is forgotten once the BYE is answered
    expect(h.server.proxy.dialogs.get(c2.callId, c2.fromTag)).toBeUndefined()
  })
})

describe("forking to an extension", () => {
  test("every contact of every account rings in parallel; the first 200 wins, the others get CANCEL with Reason", async () => {
    const alice = await h.ua("alice")
    const carolUdp = await h.ua("carol")
    const carolTcp = await h.ua("carol", { transport: "TCP" })
    const dave = await h.ua("dave")
    const call = alice.call("300")
    const first = call.start()
    const [a, b, c] = await Promise.all([carolUdp.incoming(), carolTcp.incoming(), dave.incoming()])
    // each branch its own transaction: distinct branches of ours on top
    const branches = [a, b, c].map((x) => parseVia(x.invite.headers.get("Via")!)).map((v) => (v.ok ? v.value.branch : ""))
    expect(new Set(branches).size).toBe(3)
    // the TCP contact got it over its own connection, with a TCP Via and Record-Route facing TCP then UDP
    expect(parseVia(b.invite.headers.get("Via")!).ok && (parseVia(b.invite.headers.get("Via")!) as { value: { transport: string } }).value.transport).toBe("TCP")
    expect(rrUris(b.invite).map((u) => u.params.get("transport"))).toEqual(["tcp", "udp"])
    expect(rrUris(a.invite).map((u) => u.params.get("transport"))).toEqual(["udp"])
    for (const x of [a, b, c]) x.respond(180, { reason: "Ringing" })
    expect((await first).status).toBe(180)
    // every 180 is passed on (each is an early dialog of its own)
    await call.response(180)
    await call.response(180)
    c.answer()
    const ok = await call.response(200)
    expect(ok.headers.get("To")).toContain(c.localTag)
    const [ca, cb] = await Promise.all([a.next("CANCEL"), b.next("CANCEL")])
    for (const [x, cancel] of [[a, ca], [b, cb]] as const) {
      expect(cancel.headers.get("Reason")).toContain("cause=200")
      // the CANCEL of a branch carries that branch's Via
      expect(cancel.headers.get("Via")).toBe(x.invite.headers.get("Via"))
      x.respond(200, { to: cancel })
      x.respond(487, { reason: "Request Terminated" })
    }
    // the 487s stay with us (their ACK comes from us, hop by hop)
    await Promise.all([a.next("ACK"), b.next("ACK")])
    expect(await alice.wire.inbox.silent(150, and(callIdIs(call.callId), (m) => m.kind === "response" && m.status === 487))).toBe(true)
    const dialog = call.ack(ok)
    await c.next("ACK")
    const byeP = c.dialog!.ask("BYE")
    const bye = (await alice.wire.next(and(callIdIs(call.callId), isRequest("BYE")))) as SipRequest
    expect(bye.headers.getAll("Via").length).toBe(2)
    alice.wire.send(
      [
        "SIP/2.0 200 OK", ...bye.headers.getAll("Via").map((v) => `Via: ${v}`), `From: ${bye.headers.get("From")}`, `To: ${bye.headers.get("To")}`,
        `Call-ID: ${call.callId}`, `CSeq: ${bye.headers.get("CSeq")}`, "Content-Length: 0", "", "",
      ].join("\r\n"),
    )
    expect((await byeP).status).toBe(200)
    void dialog
    const record = await h.record(call.callId)
    expect(record).toMatchObject({ disposition: "answered", hangup: "callee", calleeAccountId: "acc-dave", to: { user: "300" } })
    expect(record.targetAccountIds.sort()).toEqual(["acc-carol", "acc-dave"])
    expect(record.ringingAt).toBeDefined()
  })

  test("all busy → 486 and disposition busy; a 6xx wins at once and cancels the rest", async () => {
    const alice = await h.ua("alice")
    const carol = await h.ua("carol")
    const dave = await h.ua("dave")
    const call = alice.call("300")
    const r = call.start()
    const [a, b] = await Promise.all([carol.incoming(), dave.incoming()])
    a.respond(486, { reason: "Busy Here" })
    await a.next("ACK")
    b.respond(486, { reason: "Busy Here" })
    const busy = await r
    expect(busy.status).toBe(486)
    call.ackFailure(busy)
    expect(await h.record(call.callId)).toMatchObject({ disposition: "busy", status: 486, hangup: "callee" })

    const call2 = alice.call("300")
    const r2 = call2.start()
    const [a2, b2] = await Promise.all([carol.incoming(), dave.incoming()])
    a2.respond(180, { reason: "Ringing" })
    expect((await r2).status).toBe(180)
    b2.respond(603, { reason: "Decline" })
    const cancel = await a2.next("CANCEL")
    a2.respond(200, { to: cancel })
    a2.respond(487)
    const declined = await call2.response(603)
    call2.ackFailure(declined)
    expect(await h.record(call2.callId)).toMatchObject({ disposition: "busy", status: 603, hangup: "callee" })
  })

  test("the caller's CANCEL while ringing: every branch is cancelled, the caller gets 200 and 487; disposition cancelled", async () => {
    const alice = await h.ua("alice")
    const carol = await h.ua("carol")
    const dave = await h.ua("dave")
    const call = alice.call("300")
    const r = call.start()
    const [a, b] = await Promise.all([carol.incoming(), dave.incoming()])
    a.respond(180, { reason: "Ringing" })
    b.respond(183, { reason: "Session Progress", body: SDP, headers: ["Content-Type: application/sdp"] })
    expect((await r).status).toBe(180)
    expect((await call.response(183)).body.length).toBeGreaterThan(0)
    call.cancel()
    const cancelOk = await alice.wire.next(and(callIdIs(call.callId), cseqIs("CANCEL")))
    expect(cancelOk.kind === "response" && cancelOk.status).toBe(200)
    const [ca, cb] = await Promise.all([a.next("CANCEL"), b.next("CANCEL")])
    for (const [x, c] of [[a, ca], [b, cb]] as const) {
      x.respond(200, { to: c })
      x.respond(487, { reason: "Request Terminated" })
    }
    const terminated = await call.response(487)
    call.ackFailure(terminated)
    const record = await h.record(call.callId)
    expect(record).toMatchObject({ disposition: "cancelled", status: 487, hangup: "caller" })
    expect(record.answeredAt).toBeUndefined()
    expect(record.talkSeconds).toBe(0)
  })

  test("two branches answer: both 2xx reach the caller (§16.7); the second dialog is routed too, and only the first ends the call", async () => {
    const alice = await h.ua("alice")
    const carol = await h.ua("carol")
    const dave = await h.ua("dave")
    const call = alice.call("300")
    const r = call.start()
    const [a, b] = await Promise.all([carol.incoming(), dave.incoming()])
    a.answer()
    const ok1 = await r
    expect(ok1.status).toBe(200)
    b.answer()
    const ok2 = await call.response(200)
    expect(ok2.headers.get("To")).toContain(b.localTag)
    const d1 = call.ack(ok1)
    await a.next("ACK")
    // the second dialog: ACK, then BYE it at once
    const second = new (await import("../support/ua")).OutgoingCall(alice, call.target)
    Object.assign(second, { callId: call.callId, fromTag: call.fromTag, cseq: call.cseq })
    const d2 = second.ack(ok2)
    await b.next("ACK")
    const bye2 = d2.ask("BYE")
    b.respond(200, { to: await b.next("BYE") })
    expect((await bye2).status).toBe(200)
    expect(h.calls.get(call.callId, call.fromTag)?.state).toBe("answered")
    const bye1 = d1.ask("BYE")
    a.respond(200, { to: await a.next("BYE") })
    expect((await bye1).status).toBe(200)
    expect(await h.record(call.callId)).toMatchObject({ disposition: "answered", calleeAccountId: "acc-carol", hangup: "caller" })
    // the CANCEL for dave came too late: nothing reached him but the ACK and BYE above
  })
})

const cseqIs = (method: string) => (m: { headers: SipRequest["headers"] }) => (m.headers.get("CSeq") ?? "").endsWith(` ${method}`)

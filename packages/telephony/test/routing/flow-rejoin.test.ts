/**
 * A WebSocket party of an answered call loses its socket: the call waits
 * `flowGraceMs` for it. Back on a new socket where its account registered,
 * its re-INVITE (ICE restart) moves its side of the call to the new flow; a
 * new socket that is not its own registration cannot take the call over; and
 * a party that does not come back is hung up after the grace.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test"
import type { SipRequest } from "../../src/server"
import { type Dialog, IncomingCall, type TestUa, and, callIdIs, isRequest, SDP, wsWire } from "../support/ua"
import { type Harness, startHarness } from "./harness"

const GRACE = 400
let h: Harness

beforeAll(async () => {
  h = await startHarness({ policy: { flowGraceMs: GRACE } })
})
afterAll(() => h.stop())
beforeEach(() => h.reset())

/** `from` calls `to`; both sides' dialogs once answered and acknowledged. */
const answered = async (from: TestUa, to: TestUa) => {
  const call = from.call(to.user)
  const p = call.start()
  const inc = await to.incoming()
  const calleeDialog = inc.answer()
  const callerDialog = call.ack(await p)
  await inc.next("ACK")
  return { call, inc, callerDialog, calleeDialog }
}

/** The phone reconnects: a new socket, registered again unless told otherwise. */
const reconnect = async (ua: TestUa, o: { register?: boolean } = {}) => {
  ua.wire.close()
  ua.wire = wsWire(h.server)
  if (o.register !== false) expect((await ua.register()).status).toBe(200)
}

const RESTARTED = SDP.replace("a=sendrecv", "a=ice-ufrag:new1\r\na=ice-pwd:newpassword0123456789\r\na=sendrecv")

/** A re-INVITE from `d`'s side answered by the other party `other` (which sees it arrive); resolves with the status `d` gets. */
const reinvite = async (d: Dialog, other: TestUa) => {
  const p = d.ask("INVITE", { body: RESTARTED, headers: ["Content-Type: application/sdp"] })
  const req = (await other.wire.next(and(callIdIs(d.callId), isRequest("INVITE")))) as SipRequest
  expect(new TextDecoder().decode(req.body)).toContain("ice-ufrag:new1")
  new IncomingCall(other, req).respond(200, { to: req, body: SDP, headers: ["Content-Type: application/sdp", `Contact: ${other.contact}`] })
  const ok = await p
  d.send("ACK", { cseq: d.cseq })
  await other.wire.next(and(callIdIs(d.callId), isRequest("ACK")))
  return ok.status
}

describe("a WebSocket party comes back on a new socket", () => {
  test("the callee re-registers and re-INVITEs within the grace: the call goes on; the caller's BYE reaches it on the new socket", async () => {
    const alice = await h.ua("alice")
    const bob = await h.ua("bob", { transport: "WS" })
    const { call, callerDialog, calleeDialog } = await answered(alice, bob)
    await reconnect(bob)
    expect(await reinvite(calleeDialog, alice)).toBe(200)
    await Bun.sleep(GRACE + 100)
    // no BYE of ours came to alice: the call is up
    await expect(alice.wire.next(and(callIdIs(call.callId), isRequest("BYE")), 50)).rejects.toThrow()
    const byeP = callerDialog.ask("BYE")
    const bye = (await bob.wire.next(and(callIdIs(call.callId), isRequest("BYE")))) as SipRequest
    new IncomingCall(bob, bye).respond(200, { to: bye })
    expect((await byeP).status).toBe(200)
    const record = await h.record(call.callId)
    expect(record).toMatchObject({ disposition: "answered", hangup: "caller" })
    expect(record.reason).toBeUndefined()
  })

  test("the caller comes back the same way; the callee's BYE reaches it on the new socket", async () => {
    const alice = await h.ua("alice", { transport: "WS" })
    const bob = await h.ua("bob")
    const { call, callerDialog, calleeDialog } = await answered(alice, bob)
    await reconnect(alice)
    expect(await reinvite(callerDialog, bob)).toBe(200)
    await Bun.sleep(GRACE + 100)
    const byeP = calleeDialog.ask("BYE")
    const bye = (await alice.wire.next(and(callIdIs(call.callId), isRequest("BYE")))) as SipRequest
    new IncomingCall(alice, bye).respond(200, { to: bye })
    expect((await byeP).status).toBe(200)
    expect(await h.record(call.callId)).toMatchObject({ disposition: "answered", hangup: "callee" })
  })
})

describe("who cannot take the call over", () => {
  test("a new socket without the party's registration: its request passes along the dialog, but the call still ends after the grace", async () => {
    const alice = await h.ua("alice")
    const bob = await h.ua("bob", { transport: "WS" })
    const { call, calleeDialog } = await answered(alice, bob)
    await reconnect(bob, { register: false })
    expect(await reinvite(calleeDialog, alice)).toBe(200)
    const bye = (await alice.wire.next(and(callIdIs(call.callId), isRequest("BYE")), GRACE + 1000)) as SipRequest
    expect(bye.headers.get("Reason")).toContain("cause=480")
    new IncomingCall(alice, bye).respond(200, { to: bye })
    expect(await h.record(call.callId)).toMatchObject({ hangup: "callee", reason: "connection closed" })
  })

  test("another account registered on the new socket cannot take over the callee's side", async () => {
    const alice = await h.ua("alice")
    const bob = await h.ua("bob", { transport: "WS" })
    const { call, calleeDialog } = await answered(alice, bob)
    bob.wire.close()
    // carol's registration on the socket bob's dialog is then sent over
    const carol = await h.ua("carol", { transport: "WS" })
    bob.wire = carol.wire
    expect(await reinvite(calleeDialog, alice)).toBe(200)
    await alice.wire.next(and(callIdIs(call.callId), isRequest("BYE")), GRACE + 1000)
    expect(await h.record(call.callId)).toMatchObject({ hangup: "callee", reason: "connection closed" })
  })
})

describe("a party that does not come back", () => {
  test("its side is hung up after the grace, not before", async () => {
    const alice = await h.ua("alice")
    const bob = await h.ua("bob", { transport: "WS" })
    const { call } = await answered(alice, bob)
    const closed = Date.now()
    bob.wire.close()
    const bye = (await alice.wire.next(and(callIdIs(call.callId), isRequest("BYE")), GRACE + 1000)) as SipRequest
    expect(Date.now() - closed).toBeGreaterThanOrEqual(GRACE - 20)
    new IncomingCall(alice, bye).respond(200, { to: bye })
    expect(await h.record(call.callId)).toMatchObject({ disposition: "answered", hangup: "callee", reason: "connection closed" })
  })

  test("the other side hangs up meanwhile: its BYE gets 480, the record ends; the party's later re-INVITE finds no dialog (481)", async () => {
    const alice = await h.ua("alice")
    const bob = await h.ua("bob", { transport: "WS" })
    const { call, callerDialog, calleeDialog } = await answered(alice, bob)
    bob.wire.close()
    expect((await callerDialog.ask("BYE")).status).toBe(480)
    expect(await h.record(call.callId)).toMatchObject({ disposition: "answered", hangup: "caller" })
    await reconnect(bob)
    expect((await calleeDialog.ask("INVITE", { body: RESTARTED, headers: ["Content-Type: application/sdp"] })).status).toBe(481)
  })
})

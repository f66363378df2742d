/**
 * Real calls between `<org-softphone>` pages: Chromium pages with the example page
 * (examples/softphone/index.html) register through a real SipServer from @org/telephony/server
 * (test-support/sip-harness.mjs, the stand-in for the platform server's /sip and
 * /api/v1/telephony/me/sip) and call each other by short number, with WebRTC audio from
 * Chromium's fake devices. Everything runs in a private network namespace (test-support/netns.sh):
 * as root here; elsewhere the suite is skipped with the reason.
 *
 *   cd packages/widgets && bun test test/softphone-calls.test.ts      (SOFTPHONE_TEST_LOG=1 for logs)
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import type { Browser } from "playwright-core"
import {
  click,
  dial,
  Harness,
  launchChromium,
  netnsUnavailable,
  openPhone,
  packetsReceived,
  phaseOf,
  registered,
  rtpFlowing,
  state,
  until,
  type Phone,
} from "./softphone-support"

const unavailable = netnsUnavailable()
if (unavailable) console.warn(`softphone call tests skipped: ${unavailable}`)

describe.skipIf(unavailable !== undefined)("<org-softphone> real calls", () => {
  let harness: Harness
  let browser: Browser
  const phones: Phone[] = []
  const phone = async (user: string) => {
    const p = await openPhone(browser, harness, user)
    phones.push(p)
    await registered(p)
    return p
  }
  const close = async (...ps: Phone[]) => {
    for (const p of ps) {
      await p.context.close()
      phones.splice(phones.indexOf(p), 1)
    }
  }

  beforeAll(async () => {
    // registrations of at most 10 s: phones refresh often, as the rotation test needs; a call waits 4 s for a lost socket
    harness = await Harness.start({ SIP_HARNESS_MAX_EXPIRES: "10", SIP_HARNESS_FLOW_GRACE_MS: "4000" })
    browser = await launchChromium(harness)
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await harness?.stop()
  })

  test("two pages register and call each other by short number; audio flows both ways; both hang up cleanly", async () => {
    const alice = await phone("alice")
    const bob = await phone("bob")
    await dial(alice, "102")
    await until("bob ringing", () => phaseOf(bob), (p) => p === "ringing")
    expect(await phaseOf(alice)).toBe("alerting")
    // bob sees alice's short number (to call back) and her account's name, as the server asserts them
    expect((await state(bob)).active).toMatchObject({ remoteNumber: "101", remoteDisplayName: "Алиса Смирнова" })
    await click(bob, "answer")
    await until("both active", async () => [await phaseOf(alice), await phaseOf(bob)], (p) => p[0] === "active" && p[1] === "active")
    expect(await rtpFlowing(alice)).toBeGreaterThan(5)
    expect(await rtpFlowing(bob)).toBeGreaterThan(5)
    const ended = harness.next((e) => e.event === "ended")
    await click(alice, "hangup")
    const record = await ended
    expect(record["disposition"]).toBe("answered")
    expect(record["hangup"]).toBe("caller")
    await until("bob idle", () => state(bob), (s) => s.active === null)
    await close(alice, bob)
  }, 60_000)

  /** alice calls `number` from `from`; `to` answers; both are in the call with audio flowing. */
  const connect = async (from: Phone, to: Phone, number: string) => {
    await dial(from, number)
    await until(`${to.user} ringing`, () => phaseOf(to), (p) => p === "ringing")
    await click(to, "answer")
    await until("both active", async () => [await phaseOf(from), await phaseOf(to)], (p) => p[0] === "active" && p[1] === "active")
    await rtpFlowing(from)
    await rtpFlowing(to)
  }
  /** Packets received in `ms` by the call on screen. */
  const receivedDuring = async (p: Phone, ms: number) => {
    const before = await packetsReceived(p)
    await Bun.sleep(ms)
    return (await packetsReceived(p)) - before
  }

  test("hold stops the media both ways with a re-INVITE; unhold brings it back; the held side sees it", async () => {
    const alice = await phone("alice")
    const bob = await phone("bob")
    await connect(alice, bob, "102")
    await click(alice, "hold")
    await until("alice held", () => state(alice), (s) => s.active?.held === true)
    await until("bob sees remote hold", () => state(bob), (s) => s.calls.some((c) => c.remoteHeld))
    expect(await bob.page.locator("org-softphone [part=remote-held-chip]").count()).toBe(1)
    await Bun.sleep(300) // packets already on the way
    expect(await receivedDuring(alice, 1000)).toBe(0) // bob answered recvonly: he sends nothing
    await click(alice, "hold") // the same button resumes
    await until("alice resumed", () => state(alice), (s) => s.active?.held === false)
    await until("bob sees the hold gone", () => state(bob), (s) => s.calls.every((c) => !c.remoteHeld))
    expect(await receivedDuring(alice, 1000)).toBeGreaterThan(10)
    expect(await receivedDuring(bob, 1000)).toBeGreaterThan(10)
    // DTMF goes as RFC 4733 events on the audio sender
    const via = await alice.page.evaluate(() => {
      const el = document.querySelector("org-softphone") as unknown as { engine: { sendDtmf(id: string, t: string): Promise<string> }; activeCall: { id: string } }
      return el.engine.sendDtmf(el.activeCall.id, "5")
    })
    expect(via).toBe("rtp")
    await click(bob, "hangup")
    await until("alice idle", () => state(alice), (s) => s.active === null)
    await close(alice, bob)
  }, 60_000)

  test("blind transfer: bob sends alice's call to 103 with REFER; carol answers and talks to alice; bob is free", async () => {
    const alice = await phone("alice")
    const bob = await phone("bob")
    const carol = await phone("carol")
    await connect(alice, bob, "102")
    await click(bob, "transfer-toggle")
    await bob.page.locator("org-softphone [part~=transfer-input]").fill("103")
    await click(bob, "blind-transfer")
    await until("bob free", () => state(bob), (s) => s.active === null)
    await until("carol ringing", () => phaseOf(carol), (p) => p === "ringing")
    expect((await state(carol)).active?.remoteNumber).toBe("101")
    await click(carol, "answer")
    await until("alice talks to carol", () => state(alice), (s) => s.active?.phase === "active" && s.active.remoteNumber === "103")
    await rtpFlowing(carol)
    expect(await receivedDuring(alice, 1000)).toBeGreaterThan(10)
    // bob's history has the transferred call
    const outcome = await bob.page.evaluate(() => JSON.parse(localStorage.getItem("org-softphone:history:sip:bob@pbx.test") ?? "[]")[0]?.outcome)
    expect(outcome).toBe("transferred")
    await click(carol, "hangup")
    await until("alice idle", () => state(alice), (s) => s.active === null)
    await close(alice, bob, carol)
  }, 60_000)

  test("attended transfer: bob holds alice, consults carol, connects them (REFER with Replaces); alice and carol talk", async () => {
    const alice = await phone("alice")
    const bob = await phone("bob")
    const carol = await phone("carol")
    await connect(alice, bob, "102")
    await click(bob, "transfer-toggle")
    await bob.page.locator("org-softphone [part~=transfer-input]").fill("103")
    await click(bob, "consult")
    await until("alice held by bob", () => state(alice), (s) => s.calls.some((c) => c.remoteHeld))
    await until("carol ringing", () => phaseOf(carol), (p) => p === "ringing")
    await click(carol, "answer")
    await until("bob talks to carol", () => state(bob), (s) => s.active?.remoteNumber === "103" && s.active.phase === "active")
    expect(await bob.page.locator("org-softphone [part=consult-panel]").count()).toBe(1)
    await click(bob, "complete-transfer")
    await until("bob free", () => state(bob), (s) => s.calls.every((c) => c.phase === "ended") && s.active === null, 20_000)
    // carol's call from bob was replaced by one from alice, without ringing
    await until("carol talks to alice", () => state(carol), (s) => s.active?.phase === "active" && s.active.remoteNumber === "101")
    await until("alice talks to carol", () => state(alice), (s) => s.active?.phase === "active" && s.active.remoteNumber === "103")
    expect((await state(alice)).calls.filter((c) => c.phase !== "ended")).toHaveLength(1)
    await rtpFlowing(alice)
    await rtpFlowing(carol)
    expect(await receivedDuring(carol, 1000)).toBeGreaterThan(10)
    await click(alice, "hangup")
    await until("carol idle", () => state(carol), (s) => s.active === null)
    await close(alice, bob, carol)
  }, 60_000)

  test("devices: the ring plays on the ringer device, the call on the speaker device; the microphone switches mid-call (replaceTrack)", async () => {
    const bob = await openPhone(browser, harness, "bob", "ru", () => {
      // record where media elements are sent
      const w = window as unknown as { __sinks: string[] }
      w.__sinks = []
      const proto = HTMLMediaElement.prototype as unknown as { setSinkId(id: string): Promise<void> }
      const original = proto.setSinkId
      proto.setSinkId = function (this: HTMLMediaElement, id: string) {
        w.__sinks.push(id)
        return original.call(this, id)
      }
    })
    phones.push(bob)
    await registered(bob)
    const alice = await phone("alice")
    await click(bob, "settings-button")
    if (await bob.page.locator("org-softphone [part=allow-microphone]").count()) await click(bob, "allow-microphone")
    await bob.page.locator("org-softphone #ringer option", { hasText: "Fake Audio Output 1" }).waitFor({ state: "attached" })
    const idOf = (label: string) => bob.page.locator("org-softphone option", { hasText: label }).first().getAttribute("value")
    const ringer = (await idOf("Fake Audio Output 1"))!
    const speaker = (await idOf("Fake Audio Output 2"))!
    await bob.page.locator("org-softphone #ringer").selectOption(ringer)
    await bob.page.locator("org-softphone #speaker").selectOption(speaker)
    await click(bob, "settings-button")
    const sinks = () => bob.page.evaluate(() => (window as unknown as { __sinks: string[] }).__sinks)
    await dial(alice, "102")
    await until("bob ringing", () => phaseOf(bob), (p) => p === "ringing")
    expect(await bob.page.evaluate(() => (document.querySelector("org-softphone") as unknown as { tone?: string }).tone)).toBe("ring")
    await until("the ring on the ringer device", sinks, (s) => s.includes(ringer))
    await click(bob, "answer")
    await until("both active", async () => [await phaseOf(alice), await phaseOf(bob)], (p) => p[0] === "active" && p[1] === "active")
    await until("the call on the speaker device", sinks, (s) => s.includes(speaker))
    await rtpFlowing(alice)
    const micLabel = () =>
      bob.page.evaluate(() => {
        const el = document.querySelector("org-softphone") as unknown as { peerConnection(): RTCPeerConnection }
        return el.peerConnection().getSenders().find((s) => s.track?.kind === "audio")?.track?.label
      })
    expect(await micLabel()).not.toBe("Fake Audio Input 2")
    await click(bob, "settings-button")
    const mic2 = (await idOf("Fake Audio Input 2"))!
    await bob.page.locator("org-softphone #mic").selectOption(mic2)
    await until("bob's microphone switched", micLabel, (l) => l === "Fake Audio Input 2")
    expect(await receivedDuring(alice, 1000)).toBeGreaterThan(10)
    expect(await bob.page.evaluate(() => JSON.parse(localStorage.getItem("org-softphone:settings")!).inputDeviceId)).toBe(mic2)
    await click(bob, "settings-button")
    await click(bob, "hangup")
    await close(alice, bob)
  }, 60_000)

  test("the SIP password rotates during a call: the refresh is refused, the widget asks for new credentials and registers with them; the call goes on", async () => {
    const alice = await phone("alice")
    const bob = await phone("bob")
    await connect(alice, bob, "102")
    const asked = harness.next((e) => e.event === "credentials" && e["user"] === "bob", 20_000)
    harness.send({ cmd: "rotate", user: "bob" })
    await asked
    // the next REGISTER with the new password is accepted
    // (a new binding if the old one expired meanwhile)
    await harness.next((e) => e.event === "binding" && (e["type"] === "refreshed" || e["type"] === "added") && e["aor"] === "sip:bob@pbx.test", 15_000)
    await registered(bob, 5000)
    expect((await state(bob)).active?.phase).toBe("active")
    expect(await receivedDuring(bob, 1000)).toBeGreaterThan(10)
    expect(await receivedDuring(alice, 1000)).toBeGreaterThan(10)
    await click(alice, "hangup")
    await close(alice, bob)
  }, 60_000)

  test("the SIP server restarts: the widget goes red/yellow, then registers again within 5 s of the server being back", async () => {
    const alice = await phone("alice")
    const restarted = harness.next((e) => e.event === "restarted")
    harness.send({ cmd: "restart", downMs: 2000 })
    await until("alice not registered", () => state(alice), (s) => s.level !== "ok", 5000)
    await restarted
    const back = Date.now()
    await registered(alice, 8000)
    const seconds = (Date.now() - back) / 1000
    console.log(`re-registered ${seconds.toFixed(2)} s after the server came back`)
    expect(seconds).toBeLessThan(5)
    await close(alice)
  }, 60_000)

  test("the SIP server dies in the middle of a REGISTER: the widget comes back registered and takes calls", async () => {
    harness.send({ cmd: "dropOnRegister", user: "dave", downMs: 1500 })
    const dropped = harness.next((e) => e.event === "dropped" && e["user"] === "dave")
    const restarted = harness.next((e) => e.event === "restarted")
    const dave = await openPhone(browser, harness, "dave")
    phones.push(dave)
    await dropped
    await restarted
    const back = Date.now()
    await registered(dave, 10_000)
    expect((Date.now() - back) / 1000).toBeLessThan(5)
    const bindings = harness.next((e) => e.event === "bindings")
    harness.send({ cmd: "bindings" })
    expect(((await bindings)["aors"] as Record<string, number>)["dave"]).toBe(1)
    const bob = await phone("bob")
    await connect(bob, dave, "104")
    await click(dave, "hangup")
    await close(bob, dave)
  }, 60_000)

  test("the server restarts during a call: it ends the call on both sides, both phones register again", async () => {
    const alice = await phone("alice")
    const bob = await phone("bob")
    await connect(alice, bob, "102")
    const restarted = harness.next((e) => e.event === "restarted")
    harness.send({ cmd: "restart", downMs: 500 })
    await restarted
    await until("both idle", async () => [await state(alice), await state(bob)], (s) => s.every((x) => x.active === null), 10_000)
    await registered(alice, 8000)
    await registered(bob, 8000)
    await connect(bob, alice, "101")
    await click(bob, "hangup")
    await close(alice, bob)
  }, 60_000)

  test("alice's socket drops mid-call: she reconnects, registers and restarts ICE with a re-INVITE on the new socket; the call goes on with audio both ways; bob's hang-up reaches her there", async () => {
    const alice = await phone("alice")
    const bob = await phone("bob")
    await connect(alice, bob, "102")
    await alice.page.evaluate(() => {
      // count the re-INVITEs alice sends after the drop and their answers (sip.js writes through WebSocket.send)
      const w = window as unknown as { __reinvites: number }
      w.__reinvites = 0
      const send = WebSocket.prototype.send
      WebSocket.prototype.send = function (this: WebSocket, data: string) {
        if (typeof data === "string" && data.startsWith("INVITE ") && /^To:.*;tag=/m.test(data) && /a=ice-ufrag/.test(data)) w.__reinvites++
        return send.call(this, data)
      }
    })
    const dropped = harness.next((e) => e.event === "droppedSockets")
    harness.send({ cmd: "dropSockets", user: "alice" })
    await dropped
    await registered(alice, 5000)
    await until("alice's re-INVITE", () => alice.page.evaluate(() => (window as unknown as { __reinvites: number }).__reinvites), (n) => n === 1, 5000)
    // past the server's 4 s grace: the call would have been hung up had alice not come back
    await Bun.sleep(4500)
    expect((await state(alice)).active).not.toBeNull()
    expect((await state(bob)).active).not.toBeNull()
    expect(await receivedDuring(alice, 1000)).toBeGreaterThan(10)
    expect(await receivedDuring(bob, 1000)).toBeGreaterThan(10)
    const ended = harness.next((e) => e.event === "ended")
    await click(bob, "hangup")
    const record = await ended
    expect(record["disposition"]).toBe("answered")
    expect(record["hangup"]).toBe("callee")
    await until("alice's call ended", () => state(alice), (s) => s.active === null, 5000)
    const outcome = await alice.page.evaluate(() => JSON.parse(localStorage.getItem("org-softphone:history:sip:alice@pbx.test") ?? "[]")[0]?.outcome)
    expect(outcome).not.toBe("connection-lost")
    await close(alice, bob)
  }, 60_000)

  test("alice's page vanishes mid-call (no BYE): bob's call waits out the grace, then the server hangs it up; the record says the caller's connection closed", async () => {
    const alice = await phone("alice")
    const bob = await phone("bob")
    await connect(alice, bob, "102")
    const ended = harness.next((e) => e.event === "ended")
    const gone = Date.now()
    await alice.context.close()
    phones.splice(phones.indexOf(alice), 1)
    await Bun.sleep(1500)
    expect((await state(bob)).active).not.toBeNull()
    await until("bob's call ended", () => state(bob), (s) => s.active === null, 10_000)
    expect(Date.now() - gone).toBeGreaterThan(3500)
    const record = await ended
    expect(record["hangup"]).toBe("caller")
    expect(record["reason"]).toBe("connection closed")
    await close(bob)
  }, 60_000)
})

export { packetsReceived }

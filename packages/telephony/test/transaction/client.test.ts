import { describe, expect, test } from "bun:test"
import type { InviteClientTransaction, SipRequest, SipResponse, Target } from "../../src/server"
import { UDP, harness, isMethod, makeRequest, respondTo } from "./harness"

const UDP_TARGET: Target = { transport: "udp", address: "127.0.0.1", port: 5080 }
const TCP_TARGET: Target = { transport: "tcp", address: "127.0.0.1", port: 5080 }

const client = (method: string, target = UDP_TARGET) => {
  const h = harness()
  const responses: SipResponse[] = []
  let timeouts = 0
  const errors: unknown[] = []
  const request = makeRequest(method, { branch: `z9hG4bK${method.toLowerCase()}1` })
  const tx = h.layer.sendRequest(request, target, {
    onResponse: (r) => void responses.push(r),
    onTimeout: () => void timeouts++,
    onTransportError: (e) => void errors.push(e),
  })
  return { ...h, tx, request, responses, errors, timeouts: () => timeouts }
}

describe("non-INVITE client transaction (§17.1.2)", () => {
  test("timer E doubles from T1 up to T2; timer F (64*T1) times out once", () => {
    const c = client("OPTIONS")
    c.clock.advance(10_000)
    const expected = [0, 100, 300, 700]
    for (let t = 1100; t < 6400; t += 400) expected.push(t)
    expect(c.times(isMethod("OPTIONS"))).toEqual(expected)
    expect(c.timeouts()).toBe(1)
    expect(c.tx.state).toBe("terminated")
    expect(c.layer.size.client).toBe(0)
  })

  test("after a provisional response it retransmits every T2", () => {
    const c = client("OPTIONS")
    c.clock.advance(150) // sent at 0 and 100
    c.layer.receive(respondTo(c.request, 100), UDP)
    expect(c.tx.state).toBe("proceeding")
    c.clock.advance(1500) // the retransmission planned at 300, then every 400
    expect(c.times(isMethod("OPTIONS"))).toEqual([0, 100, 300, 700, 1100, 1500])
  })

  test("the final response goes to the TU once, retransmissions are absorbed, timer K (T4) ends it", () => {
    const c = client("OPTIONS")
    const ok = respondTo(c.request, 200)
    c.layer.receive(ok, UDP)
    c.layer.receive(ok, UDP)
    expect(c.responses.map((r) => r.status)).toEqual([200])
    expect(c.tx.state).toBe("completed")
    expect(c.clock.pending).toBe(1) // timer K only: E and F stopped with the answer
    c.clock.advance(10_000)
    expect(c.times(isMethod("OPTIONS"))).toEqual([0]) // no retransmission after the answer
    expect(c.tx.state).toBe("terminated")
    expect(c.timeouts()).toBe(0)
  })

  test("over TCP: no retransmissions, still timer F", () => {
    const c = client("OPTIONS", TCP_TARGET)
    c.clock.advance(6399)
    expect(c.times(isMethod("OPTIONS"))).toEqual([0])
    expect(c.timeouts()).toBe(0)
    c.clock.advance(1)
    expect(c.timeouts()).toBe(1)
  })

  test("a transport error ends the transaction and tells the TU", async () => {
    const h = harness()
    h.failSends(true)
    const errors: unknown[] = []
    const tx = h.layer.sendRequest(makeRequest("OPTIONS"), UDP_TARGET, { onResponse: () => {}, onTransportError: (e) => void errors.push(e) })
    await Bun.sleep(0)
    expect(errors.length).toBe(1)
    expect(tx.state).toBe("terminated")
  })
})

describe("INVITE client transaction (§17.1.1, RFC 6026)", () => {
  test("timer A doubles without a cap; timer B (64*T1) times out in Calling", () => {
    const c = client("INVITE")
    c.clock.advance(10_000)
    expect(c.times(isMethod("INVITE"))).toEqual([0, 100, 300, 700, 1500, 3100, 6300])
    expect(c.timeouts()).toBe(1)
    expect(c.tx.state).toBe("terminated")
  })

  test("a provisional response stops retransmissions and timer B", () => {
    const c = client("INVITE")
    c.clock.advance(150)
    c.layer.receive(respondTo(c.request, 180), UDP)
    c.clock.advance(60_000)
    expect(c.times(isMethod("INVITE"))).toEqual([0, 100])
    expect(c.timeouts()).toBe(0)
    expect(c.tx.state).toBe("proceeding")
  })

  test("a failure is ACKed (same branch, its To tag), retransmissions re-ACKed, TU told once, timer D ends it", () => {
    const c = client("INVITE")
    const busy = respondTo(c.request, 486)
    c.layer.receive(busy, UDP)
    c.layer.receive(busy, UDP)
    expect(c.responses.map((r) => r.status)).toEqual([486])
    const acks = c.sent.filter((s) => isMethod("ACK")(s.message)).map((s) => s.message as SipRequest)
    expect(acks.length).toBe(2)
    expect(acks[0].headers.get("Via")).toBe(c.request.headers.get("Via"))
    expect(acks[0].headers.get("To")).toBe(busy.headers.get("To"))
    expect(acks[0].headers.get("CSeq")).toBe("1 ACK")
    c.clock.advance(3199)
    expect(c.tx.state).toBe("completed")
    c.clock.advance(1)
    expect(c.tx.state).toBe("terminated")
  })

  test("2xx: Accepted passes retransmitted 2xx to the TU (the TU ACKs), timer M ends it", () => {
    const c = client("INVITE")
    const ok = respondTo(c.request, 200)
    c.layer.receive(ok, UDP)
    c.layer.receive(ok, UDP)
    expect(c.responses.map((r) => r.status)).toEqual([200, 200])
    expect(c.sent.some((s) => isMethod("ACK")(s.message))).toBe(false)
    expect(c.clock.pending).toBe(1) // timer M only: A and B stopped with the 2xx
    c.clock.advance(6400)
    expect(c.tx.state).toBe("terminated")
  })

  test("cancel() waits for a provisional response, then builds a CANCEL with the INVITE's branch", () => {
    const c = client("INVITE")
    const cancels: SipRequest[] = []
    ;(c.tx as InviteClientTransaction).cancel((cancel) => void cancels.push(cancel))
    expect(cancels.length).toBe(0)
    c.layer.receive(respondTo(c.request, 180), UDP)
    expect(cancels.length).toBe(1)
    expect(cancels[0].method).toBe("CANCEL")
    expect(cancels[0].headers.get("Via")).toBe(c.request.headers.get("Via"))
    expect(cancels[0].headers.get("CSeq")).toBe("1 CANCEL")
    // sent through its own transaction: same branch, other method, no clash
    const tx = c.layer.sendRequest(cancels[0], UDP_TARGET, { onResponse: () => {} })
    expect(c.layer.size.client).toBe(2)
    c.layer.receive(respondTo(cancels[0], 200), UDP)
    expect(tx.state).toBe("completed")
    expect(c.tx.state).toBe("proceeding")
  })
})

describe("client transaction matching (§17.1.3)", () => {
  test("by top Via branch and CSeq method; anything else is stray", () => {
    const strays: SipResponse[] = []
    const h = harness({ onStrayResponse: (r) => void strays.push(r) })
    const got: number[] = []
    const req = makeRequest("OPTIONS", { branch: "z9hG4bKmatch" })
    h.layer.sendRequest(req, UDP_TARGET, { onResponse: (r) => void got.push(r.status) })
    const other = makeRequest("OPTIONS", { branch: "z9hG4bKother" })
    h.layer.receive(respondTo(other, 200), UDP)
    const wrongMethod = respondTo(req, 200)
    wrongMethod.headers.set("CSeq", "1 INFO")
    h.layer.receive(wrongMethod, UDP)
    expect(got).toEqual([])
    expect(strays.length).toBe(2)
    h.layer.receive(respondTo(req, 200), UDP)
    expect(got).toEqual([200])
  })

  test("requests without a z9hG4bK branch, ACKs and duplicate branches are refused", () => {
    const h = harness()
    expect(() => h.layer.sendRequest(makeRequest("OPTIONS", { branch: "abc" }), UDP_TARGET, { onResponse: () => {} })).toThrow(TypeError)
    expect(() => h.layer.sendRequest(makeRequest("ACK"), UDP_TARGET, { onResponse: () => {} })).toThrow(TypeError)
    h.layer.sendRequest(makeRequest("OPTIONS", { branch: "z9hG4bKdup" }), UDP_TARGET, { onResponse: () => {} })
    expect(() => h.layer.sendRequest(makeRequest("OPTIONS", { branch: "z9hG4bKdup" }), UDP_TARGET, { onResponse: () => {} })).toThrow(TypeError)
  })

  test("close() ends every transaction and cancels its timers", () => {
    const c = client("INVITE")
    c.layer.close()
    expect(c.tx.state).toBe("terminated")
    expect(c.clock.pending).toBe(0)
    c.clock.advance(10_000)
    expect(c.times(isMethod("INVITE"))).toEqual([0])
    expect(c.timeouts()).toBe(0)
  })
})

import { describe, expect, test } from "bun:test"
import type { InviteServerTransaction, ServerTransaction, SipRequest, SipResponse } from "../../src/server"
import { TCP, UDP, ackFor, harness, isStatus, makeRequest, respondTo, statusOf } from "./harness"

const setup = (timers?: Parameters<typeof harness>[1]) => {
  const txs: ServerTransaction[] = []
  const acks: SipRequest[] = []
  const h = harness({ onRequest: (tx) => void txs.push(tx), onAck: (ack) => void acks.push(ack) }, timers)
  return { ...h, txs, acks }
}

describe("non-INVITE server transaction (§17.2.2)", () => {
  test("Trying absorbs retransmissions; Proceeding and Completed resend the last response; timer J ends it", () => {
    const h = setup()
    const req = makeRequest("OPTIONS")
    h.layer.receive(req, UDP)
    expect(h.txs.length).toBe(1)
    const tx = h.txs[0]
    expect(tx.state).toBe("trying")
    h.layer.receive(req, UDP) // retransmission while Trying: nothing sent, TU not told again
    expect(h.sent.length).toBe(0)
    expect(h.txs.length).toBe(1)

    tx.respond(respondTo(req, 180))
    expect(tx.state).toBe("proceeding")
    h.layer.receive(req, UDP)
    expect(h.sent.map((s) => statusOf(s.message))).toEqual([180, 180])

    tx.respond(respondTo(req, 200))
    expect(tx.respond(respondTo(req, 404))).toBe(false) // one final response only
    h.clock.advance(3000)
    h.layer.receive(req, UDP) // Completed: the final response again, the TU is not asked
    expect(h.sent.map((s) => statusOf(s.message))).toEqual([180, 180, 200, 200])
    expect(h.sent.every((s) => s.target.address === "127.0.0.1" && s.target.port === 5070)).toBe(true)
    expect(h.txs.length).toBe(1)

    h.clock.advance(64 * 100 - 3000 - 1)
    expect(h.layer.size.server).toBe(1) // still absorbing (kept as a compact record)
    h.layer.receive(req, UDP)
    expect(h.sent.length).toBe(5)
    h.clock.advance(1) // timer J = 64*T1
    expect(h.layer.size.server).toBe(0)
    h.layer.receive(req, UDP) // now it is a new request
    expect(h.txs.length).toBe(2)
  })

  test("a challenge (401/407) is not kept: a retransmission goes to the TU again and is challenged anew", () => {
    const h = setup()
    const req = makeRequest("REGISTER")
    h.layer.receive(req, UDP)
    h.txs[0].respond(respondTo(req, 401))
    expect(h.layer.size.server).toBe(0)
    h.layer.receive(req, UDP)
    expect(h.txs.length).toBe(2)
    h.txs[1].respond(respondTo(req, 200))
    expect(h.layer.size.server).toBe(1) // the 200 is kept for timer J
    h.layer.receive(req, UDP)
    expect(h.txs.length).toBe(2)
    expect(h.sent.map((s) => statusOf(s.message))).toEqual([401, 200, 200])
  })

  test("answers kept at different times expire each at its own timer J, and a retransmission is answered per its own Via", () => {
    const h = setup()
    const reqs = Array.from({ length: 30 }, () => makeRequest("OPTIONS"))
    // three batches, 10 ms apart, of ten answers each
    for (let b = 0; b < 3; b++) {
      for (const req of reqs.slice(b * 10, b * 10 + 10)) {
        h.layer.receive(req, UDP)
        h.txs.at(-1)!.respond(respondTo(req, 200))
      }
      h.clock.advance(10)
    }
    expect(h.layer.size.server).toBe(30)
    h.clock.advance(64 * 100 - 30) // the first batch's timer J
    expect(h.layer.size.server).toBe(20)
    h.clock.advance(10)
    expect(h.layer.size.server).toBe(10)
    // a retransmission of the last batch arriving from another port: answered (per its Via), the TU not asked again
    const moved = { ...UDP, port: 5999, flowId: "udp:127.0.0.1:5999" }
    h.layer.receive(reqs[29], moved)
    expect(h.txs.length).toBe(30)
    expect(h.sent.at(-1)!.target).toMatchObject({ address: "127.0.0.1", port: 5070 })
    h.clock.advance(10)
    expect(h.layer.size.server).toBe(0)
    h.layer.receive(reqs[0], UDP)
    expect(h.txs.length).toBe(31) // a new request now
  })

  test("over TCP the transaction ends with the final response (timer J = 0)", () => {
    const h = setup()
    const req = makeRequest("OPTIONS")
    h.layer.receive(req, TCP)
    h.txs[0].respond(respondTo(req, 200))
    expect(h.txs[0].state).toBe("terminated")
    expect(h.layer.size.server).toBe(0)
    expect(h.sent[0].target).toMatchObject({ transport: "tcp", flowId: "tcp:1" })
  })

  test("a TU that throws gets its request answered with 500", () => {
    const h = harness({
      onRequest: () => {
        throw new Error("boom")
      },
    })
    h.layer.receive(makeRequest("OPTIONS"), UDP)
    expect(h.sent.map((s) => statusOf(s.message))).toEqual([500])
  })
})

describe("INVITE server transaction (§17.2.1, RFC 6026)", () => {
  test("100 Trying after 200 ms when the TU is silent, not when it answered sooner", () => {
    const h = setup()
    h.layer.receive(makeRequest("INVITE"), UDP)
    h.clock.advance(199)
    expect(h.sent.length).toBe(0)
    h.clock.advance(1)
    expect(h.sent.map((s) => statusOf(s.message))).toEqual([100])

    const h2 = setup()
    const req = makeRequest("INVITE")
    h2.layer.receive(req, UDP)
    h2.clock.advance(50)
    h2.txs[0].respond(respondTo(req, 180))
    h2.clock.advance(1000)
    expect(h2.sent.map((s) => statusOf(s.message))).toEqual([180])
  })

  test("100 Trying at once when configured (trying: 0)", () => {
    const h = setup({ T1: 100, T2: 400, T4: 500, D: 3200, trying: 0 })
    h.layer.receive(makeRequest("INVITE"), UDP)
    expect(h.sent.map((s) => statusOf(s.message))).toEqual([100])
  })

  test("an INVITE retransmission in Proceeding gets the last provisional again", () => {
    const h = setup()
    const req = makeRequest("INVITE")
    h.layer.receive(req, UDP)
    h.clock.advance(200) // 100 Trying
    h.layer.receive(req, UDP)
    h.txs[0].respond(respondTo(req, 180))
    h.layer.receive(req, UDP)
    expect(h.sent.map((s) => statusOf(s.message))).toEqual([100, 100, 180, 180])
    expect(h.txs.length).toBe(1)
  })

  test("a failure is retransmitted at T1, 2T1, 4T1 … capped at T2 until timer H (64*T1)", () => {
    const h = setup()
    const req = makeRequest("INVITE")
    h.layer.receive(req, UDP)
    const tx = h.txs[0] as InviteServerTransaction
    let timedOut = 0
    tx.onAckTimeout(() => timedOut++)
    tx.respond(respondTo(req, 486))
    expect(tx.state).toBe("completed")
    h.clock.advance(10_000)
    const times = h.times(isStatus(486))
    // sent at 0, then G: +100, +200, +400 (T2), +400 …, the last before H at 6400
    const expected = [0, 100, 300, 700]
    for (let t = 1100; t < 6400; t += 400) expected.push(t)
    expect(times).toEqual(expected)
    expect(tx.state).toBe("terminated")
    expect(timedOut).toBe(1)
  })

  test("the ACK of a failure is absorbed: Confirmed, no more retransmissions, timer I (T4) ends it", () => {
    const h = setup()
    const req = makeRequest("INVITE")
    h.layer.receive(req, UDP)
    const tx = h.txs[0] as InviteServerTransaction
    const res = respondTo(req, 404)
    tx.respond(res)
    h.clock.advance(150) // one retransmission (at 100)
    const ack = ackFor(req, res)
    h.layer.receive(ack, UDP)
    expect(tx.state).toBe("confirmed")
    expect(h.clock.pending).toBe(1) // timer I only: G and H stopped with the ACK
    h.layer.receive(ack, UDP) // retransmitted ACK: absorbed as well
    expect(h.acks.length).toBe(0) // the TU never sees it
    h.clock.advance(499)
    expect(tx.state).toBe("confirmed")
    h.clock.advance(1)
    expect(tx.state).toBe("terminated")
    expect(h.times(isStatus(404))).toEqual([0, 100])
  })

  test("over TCP: no retransmission of the failure, the ACK ends the transaction at once", () => {
    const h = setup()
    const req = makeRequest("INVITE")
    h.layer.receive(req, TCP)
    const res = respondTo(req, 603)
    h.txs[0].respond(res)
    h.clock.advance(5000)
    expect(h.times(isStatus(603))).toEqual([0])
    h.layer.receive(ackFor(req, res), TCP)
    expect(h.txs[0].state).toBe("terminated")
  })

  test("2xx: Accepted absorbs INVITE retransmissions, passes ACKs to the TU, timer L ends it", () => {
    const h = setup()
    const req = makeRequest("INVITE")
    h.layer.receive(req, UDP)
    const tx = h.txs[0]
    const ok = respondTo(req, 200)
    tx.respond(ok)
    expect(tx.state).toBe("accepted")
    h.layer.receive(req, UDP)
    expect(h.sent.map((s) => statusOf(s.message))).toEqual([200])
    expect(tx.respond(ok)).toBe(true) // the TU's own 2xx retransmission goes out
    expect(tx.respond(respondTo(req, 486))).toBe(false)
    h.layer.receive(ackFor(req, ok), UDP)
    expect(h.acks.length).toBe(1)
    h.clock.advance(6400)
    expect(tx.state).toBe("terminated")
  })
})

describe("server transaction matching (§17.2.3)", () => {
  test("branch + sent-by + method: same branch from another sent-by or with another method is another transaction", () => {
    const h = setup()
    const a = makeRequest("OPTIONS", { branch: "z9hG4bKsame" })
    h.layer.receive(a, UDP)
    h.layer.receive(makeRequest("OPTIONS", { branch: "z9hG4bKsame", port: 5071 }), UDP)
    h.layer.receive(makeRequest("INFO", { branch: "z9hG4bKsame" }), UDP)
    h.layer.receive(a, UDP)
    expect(h.txs.map((t) => t.method)).toEqual(["OPTIONS", "OPTIONS", "INFO"])
  })

  test("CANCEL is its own transaction and finds the INVITE it cancels (§9.2)", () => {
    const h = setup()
    const invite = makeRequest("INVITE", { branch: "z9hG4bKinv" })
    h.layer.receive(invite, UDP)
    const cancel = makeRequest("CANCEL", { branch: "z9hG4bKinv" })
    h.layer.receive(cancel, UDP)
    expect(h.txs.map((t) => t.method)).toEqual(["INVITE", "CANCEL"])
    expect(h.layer.findInviteForCancel(cancel)).toBe(h.txs[0] as InviteServerTransaction)
    expect(h.layer.findInviteForCancel(makeRequest("CANCEL", { branch: "z9hG4bKother" }))).toBeUndefined()
  })

  test("an ACK that matches nothing (the ACK of a 2xx has its own branch) goes to the TU", () => {
    const h = setup()
    h.layer.receive(makeRequest("ACK"), UDP)
    expect(h.acks.length).toBe(1)
    expect(h.txs.length).toBe(0)
  })

  test("RFC 2543 requests (no magic cookie) still match their retransmissions", () => {
    const h = setup()
    const req = makeRequest("OPTIONS", { branch: "old2543branch" })
    h.layer.receive(req, UDP)
    h.txs[0].respond(respondTo(req, 200))
    h.layer.receive(makeRequest("OPTIONS", { branch: "old2543branch" }), UDP)
    expect(h.txs.length).toBe(1)
    expect(h.sent.length).toBe(2)
  })
})

export type { SipResponse }

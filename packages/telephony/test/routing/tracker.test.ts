import { describe, expect, test } from "bun:test"
import { type ActiveCall, type CallRecord, CallTracker, type CallStart, InMemoryDialplan, dispositionOf } from "../../src/server"

const clock = () => {
  let now = Date.UTC(2025, 0, 1, 12, 0, 0)
  return { now: () => now, advance: (ms: number) => void (now += ms) }
}

const start = (over: Partial<CallStart> = {}): CallStart => ({
  tenantId: "t1", callId: "c1", fromTag: "f1", from: { user: "alice", uri: "sip:alice@x", displayName: "Alice" }, to: { user: "300", uri: "sip:300@x" },
  callerAccountId: "a", targetAccountIds: ["b", "c"], direction: "internal", ...over,
})

describe("CallTracker", () => {
  test("routing → ringing → answered → ended: hooks once each, the record with ring and talk seconds", () => {
    const c = clock()
    const t = new CallTracker({ now: c.now })
    const seen: string[] = []
    const records: CallRecord[] = []
    t.onRinging((x: ActiveCall) => void seen.push(`ringing:${x.state}`))
    t.onAnswered((x) => void seen.push(`answered:${x.calleeAccountId}`))
    t.onEnded((r) => void records.push(r))
    t.start(start())
    expect(t.get("c1", "f1")?.state).toBe("routing")
    c.advance(1500)
    t.markRinging("c1", "f1")
    t.markRinging("c1", "f1")
    c.advance(2500)
    t.markAnswered("c1", "f1", "c")
    t.markAnswered("c1", "f1", "b")
    c.advance(61_234)
    const step = t.addTransfer("c1", "f1", { by: "callee", target: "sip:400@x", targetUser: "400" })
    step!.status = 202
    const r = t.end("c1", "f1", { status: 200, hangup: "callee" })!
    expect(seen).toEqual(["ringing:ringing", "answered:c"])
    expect(records).toEqual([r])
    expect(r).toMatchObject({
      tenantId: "t1", callId: "c1", fromTag: "f1", disposition: "answered", status: 200, hangup: "callee", callerAccountId: "a",
      calleeAccountId: "c", targetAccountIds: ["b", "c"], ringSeconds: 4, talkSeconds: 61.234, direction: "internal",
      from: { user: "alice", displayName: "Alice" }, to: { user: "300" },
    })
    expect(r.transfers).toMatchObject([{ by: "callee", target: "sip:400@x", status: 202 }])
    expect(r.endedAt.getTime() - r.startedAt.getTime()).toBe(65_234)
    expect(t.size).toBe(0)
    expect(t.end("c1", "f1", { status: 200, hangup: "caller" })).toBeUndefined()
  })

  test("active counts: the caller and every account ringing; after the answer the caller and the callee only", () => {
    const t = new CallTracker()
    t.start(start())
    expect(["a", "b", "c"].map((x) => t.activeCount(x))).toEqual([1, 1, 1])
    t.start(start({ callId: "c2", callerAccountId: "b", targetAccountIds: ["c"] }))
    expect(["a", "b", "c"].map((x) => t.activeCount(x))).toEqual([1, 2, 2])
    t.markAnswered("c1", "f1", "b")
    expect(["a", "b", "c"].map((x) => t.activeCount(x))).toEqual([1, 2, 1])
    t.setTargets("c2", "f1", ["a"])
    expect(["a", "b", "c"].map((x) => t.activeCount(x))).toEqual([2, 2, 0])
    t.end("c1", "f1", { status: 200, hangup: "caller" })
    t.end("c2", "f1", { status: 487, hangup: "caller", cancelled: true })
    expect(["a", "b", "c"].map((x) => t.activeCount(x))).toEqual([0, 0, 0])
    // starting the same call twice changes nothing
    t.start(start())
    t.start(start())
    expect(t.activeCount("a")).toBe(1)
  })

  test("dispositions of unanswered calls; an unanswered record has no talk time and rings until it ends", () => {
    expect([200, 487, 486, 600, 603, 408, 480, 404, 403, 500, 488].map((s) => dispositionOf(s))).toEqual([
      "answered", "cancelled", "busy", "busy", "busy", "missed", "missed", "failed", "failed", "failed", "failed",
    ])
    expect(dispositionOf(480, true)).toBe("cancelled")
    const c = clock()
    const t = new CallTracker({ now: c.now })
    t.start(start({ targetAccountIds: ["b"] }))
    c.advance(7000)
    const r = t.end("c1", "f1", { status: 480, hangup: "system", reason: "No answer" })!
    expect(r).toMatchObject({ disposition: "missed", ringSeconds: 7, talkSeconds: 0, calleeAccountId: "b", reason: "No answer" })
    expect(r.answeredAt).toBeUndefined()
    const t2 = new CallTracker()
    t2.start(start())
    expect(t2.end("c1", "f1", { status: 503, hangup: "system", disposition: "missed" })!.disposition).toBe("missed")
  })

  test("a listener that throws does not stop the others or the tracker; hooks can be given to the constructor", () => {
    const got: string[] = []
    const t = new CallTracker({ hooks: { onEnded: (r) => void got.push(`hook:${r.callId}`) } })
    t.onEnded(() => {
      throw new Error("boom")
    })
    t.onEnded((r) => void got.push(r.callId))
    t.start(start())
    t.end("c1", "f1", { status: 404, hangup: "system" })
    expect(got).toEqual(["hook:c1", "c1"])
  })
})

describe("InMemoryDialplan", () => {
  test("numbers per tenant, extensions and accounts, domains for unknown callers", () => {
    const d = new InMemoryDialplan().extension("t1", "300", ["a", "b"], "sales").account("t1", "201", "c").domain("Example.TEST", "t1")
    expect(d.resolve("t1", "300")).toEqual({ kind: "extension", accountIds: ["a", "b"], name: "sales" })
    expect(d.resolve("t1", "201")).toEqual({ kind: "account", accountId: "c" })
    expect(d.resolve("t2", "300")).toBeUndefined()
    expect(d.tenantOf("example.test")).toBe("t1")
    expect(() => d.extension("t1", "301", [])).toThrow(RangeError)
    expect(d.remove("t1", "300")).toBe(true)
    expect(d.resolve("t1", "300")).toBeUndefined()
  })
})

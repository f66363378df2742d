/**
 * Call records in the database: every field of the SIP core's CallRecord
 * round-trips, a call is stored once, and the list filters (time range,
 * account, direction, disposition) and pages newest first, per tenant.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { Effect } from "effect"
import { v7 as uuidv7 } from "uuid"
import type { CallRecord } from "../../src/server"
import { type Actors, type Services, startServices } from "./harness"

let s: Services
let A: Actors
let B: Actors
const acc = { alice: uuidv7(), bob: uuidv7(), carol: uuidv7() }
const base = Date.parse("2026-03-02T09:00:00Z")

beforeAll(async () => {
  s = await startServices()
  A = await s.tenant()
  B = await s.tenant()
}, 60_000)
afterAll(() => s.close())

const recordOf = (i: number, o: Partial<CallRecord> = {}): CallRecord => {
  const startedAt = new Date(base + i * 60_000)
  return {
    tenantId: A.tenantId, callId: `call-${i}@test`, fromTag: `tag${i}`,
    from: { user: "alice", displayName: "Alice", uri: "sip:alice@a.sip.local" }, to: { user: "300", uri: "sip:300@a.sip.local" },
    callerAccountId: acc.alice, calleeAccountId: acc.bob, targetAccountIds: [acc.bob, acc.carol], direction: "internal",
    startedAt, ringingAt: new Date(startedAt.getTime() + 500), answeredAt: new Date(startedAt.getTime() + 2500), endedAt: new Date(startedAt.getTime() + 62_500),
    ringSeconds: 2.5, talkSeconds: 60, disposition: "answered", status: 200, hangup: "caller", transfers: [],
    ...o,
  }
}
const store = (r: CallRecord, names = {}) => s.as(A.admin, Effect.flatMap(s.records, (x) => x.record(r, names)))
const list = (actor: Actors["supervisor"], q: Parameters<Effect.Success<Services["records"]>["list"]>[0]) => s.as(actor, Effect.flatMap(s.records, (x) => x.list(q)))

describe("call records", () => {
  test("every field is stored and read back; the same call stored twice stays one record", async () => {
    const transfer = { by: "callee" as const, target: "sip:400@a.sip.local", targetUser: "400", replaces: { callId: "other@x", toTag: "t2" }, at: new Date(base + 30_000), status: 202 }
    const r = recordOf(0, { transfers: [transfer], referredBy: "<sip:bob@a.sip.local>", replacesCallId: "older@x", reason: "Normal" })
    const first = await store(r, { callerName: "Alice A.", calleeName: "Bob B." })
    expect(first).toMatchObject({
      callId: "call-0@test", fromTag: "tag0", from: { user: "alice", displayName: "Alice", uri: "sip:alice@a.sip.local" },
      to: { user: "300", displayName: null, uri: "sip:300@a.sip.local" }, callerAccountId: acc.alice, calleeAccountId: acc.bob,
      targetAccountIds: [acc.bob, acc.carol], callerName: "Alice A.", calleeName: "Bob B.", direction: "internal",
      startedAt: "2026-03-02T09:00:00.000Z", ringingAt: "2026-03-02T09:00:00.500Z", answeredAt: "2026-03-02T09:00:02.500Z",
      endedAt: "2026-03-02T09:01:02.500Z", ringSeconds: 2.5, talkSeconds: 60, disposition: "answered", status: 200, reason: "Normal",
      hangup: "caller", referredBy: "<sip:bob@a.sip.local>", replacesCallId: "older@x",
      transfers: [{ by: "callee", target: "sip:400@a.sip.local", targetUser: "400", replaces: { callId: "other@x", toTag: "t2", fromTag: null }, at: "2026-03-02T09:00:30.000Z", status: 202 }],
    })
    const again = await store(r)
    expect(again.id).toBe(first.id)
    expect((await list(A.supervisor, {})).items.length).toBe(1)
  })

  test("filters: time range, account (caller, callee or rung), direction, disposition; newest first; paging", async () => {
    await store(recordOf(1, { disposition: "missed", status: 480, answeredAt: undefined, calleeAccountId: acc.carol, targetAccountIds: [acc.carol], talkSeconds: 0, hangup: "system" }))
    await store(recordOf(2, { direction: "inbound", callerAccountId: undefined, targetAccountIds: [acc.bob] }))
    await store(recordOf(3, { disposition: "busy", status: 486, callerAccountId: acc.carol, calleeAccountId: undefined, targetAccountIds: [acc.bob] }))
    const ids = async (q: Parameters<typeof list>[1]) => (await list(A.supervisor, q)).items.map((i) => i.callId.replace(/^call-|@test$/g, ""))
    expect(await ids({})).toEqual(["3", "2", "1", "0"])
    expect(await ids({ from: "2026-03-02T09:01:00Z", to: "2026-03-02T09:03:00Z" })).toEqual(["2", "1"])
    expect(await ids({ to: "2026-03-02" })).toEqual([])
    expect(await ids({ account: acc.carol })).toEqual(["3", "1", "0"])
    expect(await ids({ account: acc.alice })).toEqual(["1", "0"])
    expect(await ids({ direction: "inbound" })).toEqual(["2"])
    expect(await ids({ disposition: "answered" })).toEqual(["2", "0"])
    expect(await ids({ disposition: "busy", account: acc.bob })).toEqual(["3"])

    const p1 = await list(A.supervisor, { limit: 3 })
    expect(p1.items.length).toBe(3)
    expect(p1.nextCursor).not.toBeNull()
    const p2 = await list(A.supervisor, { limit: 3, cursor: p1.nextCursor! })
    expect(p2.items.map((i) => i.callId)).toEqual(["call-0@test"])
    expect(p2.nextCursor).toBeNull()
    // two calls that started at the same moment are both listed across pages
    await store(recordOf(3, { callId: "twin@test", fromTag: "twin" }))
    const q1 = await list(A.supervisor, { limit: 1 })
    const q2 = await list(A.supervisor, { limit: 1, cursor: q1.nextCursor! })
    expect([q1.items[0].callId, q2.items[0].callId].sort()).toEqual(["call-3@test", "twin@test"])
  })

  test("another tenant sees none of them", async () => {
    expect((await list(B.supervisor, {})).items).toEqual([])
    expect((await list(B.supervisor, { account: acc.alice })).items).toEqual([])
  })
})

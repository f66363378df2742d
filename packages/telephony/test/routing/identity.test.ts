/**
 * The identity a callee sees (P-Asserted-Identity): the caller's short number
 * (a personal extension first, else the lowest group it rings in, else its
 * username) and its account's display name; forged identities are replaced.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test"
import { InMemoryDialplan, preferredNumber } from "../../src/server"
import { type TestUa } from "../support/ua"
import { DOMAIN, type Harness, TENANT, USERS, account, startHarness } from "./harness"

let h: Harness

beforeAll(async () => {
  h = await startHarness({
    accounts: USERS.map((u) => account(u, u === "alice" ? { displayName: 'Reception, "Alice"' } : {})),
  })
  h.dialplan.extension(TENANT, "101", ["acc-alice"]).extension(TENANT, "300", ["acc-alice", "acc-carol"]).extension(TENANT, "250", ["acc-carol", "acc-dave"])
})
afterAll(() => h.stop())
beforeEach(() => h.reset())

/** What bob sees when `caller` calls him (the call is then refused, nothing else matters here). */
const seenBy = async (caller: TestUa, bob: TestUa, headers: string[] = []) => {
  const call = caller.call("bob")
  const p = call.start({ headers })
  const inc = await bob.incoming()
  inc.respond(486, { reason: "Busy Here" })
  call.ackFailure(await p)
  return { pai: inc.invite.headers.getAll("P-Asserted-Identity"), ppi: inc.invite.headers.get("P-Preferred-Identity"), from: inc.invite.headers.get("From"), callId: call.callId }
}

describe("P-Asserted-Identity", () => {
  test("the caller's personal extension and its account's display name (quoted); From is passed untouched; the record takes the display name", async () => {
    const alice = await h.ua("alice")
    const bob = await h.ua("bob")
    const seen = await seenBy(alice, bob)
    expect(seen.pai).toEqual([`"Reception, \\"Alice\\"" <sip:101@${DOMAIN}>`])
    expect(seen.from).toStartWith('"ALICE" <sip:alice@')
    expect((await h.record(seen.callId)).from.displayName).toBe('Reception, "Alice"')
  })

  test("an identity the phone put there is replaced, a preferred one dropped", async () => {
    const alice = await h.ua("alice")
    const bob = await h.ua("bob")
    const seen = await seenBy(alice, bob, ["P-Asserted-Identity: <sip:999@elsewhere.test>", "P-Preferred-Identity: <sip:998@elsewhere.test>"])
    expect(seen.pai).toEqual([`"Reception, \\"Alice\\"" <sip:101@${DOMAIN}>`])
    expect(seen.ppi).toBeUndefined()
  })

  test("no personal extension: the lowest group it rings in; none at all: its username; without an account name, the phone's display name", async () => {
    const bob = await h.ua("bob")
    const carol = await h.ua("carol")
    expect((await seenBy(carol, bob)).pai).toEqual([`"CAROL" <sip:250@${DOMAIN}>`])
    const erin = await h.ua("erin")
    expect((await seenBy(erin, bob)).pai).toEqual([`"ERIN" <sip:erin@${DOMAIN}>`])
  })
})

describe("preferredNumber", () => {
  test("personal before group, then shorter, then lower", () => {
    expect(preferredNumber([{ number: "300", members: ["a", "b"] }, { number: "2000", members: ["a"] }])).toBe("2000")
    expect(preferredNumber([{ number: "300", members: ["a", "b"] }, { number: "25", members: ["a", "c"] }])).toBe("25")
    expect(preferredNumber([{ number: "301", members: ["a"] }, { number: "300", members: ["a"] }])).toBe("300")
    expect(preferredNumber([])).toBeUndefined()
  })

  test("InMemoryDialplan.numberOf looks inside the tenant only", () => {
    const d = new InMemoryDialplan().extension("t1", "101", ["x"]).account("t2", "100", "x")
    expect(d.numberOf("t1", "x")).toBe("101")
    expect(d.numberOf("t2", "x")).toBe("100")
    expect(d.numberOf("t3", "x")).toBeUndefined()
  })
})

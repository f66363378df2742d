/**
 * The `Sip` service on the database: accounts and extensions made through the
 * services register and call over UDP and a WebSocket flow (raw SIP peers on
 * 127.0.0.1); the call record is stored and listed; call.ringing,
 * call.answered and call.ended are published for supervisors and the users
 * of the accounts; a blocked account gets 403 at once; a softphone token works
 * as the password; stopping the server stores the records of the calls it ends.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { type DomainEvent, EventBus, useDb } from "@org/core/server"
import { Effect } from "effect"
import dgram from "node:dgram"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { callAnswered, callEnded, callRinging, telephonyTables } from "../../src/server"
import { DOMAIN, TestUa, udpWire, wsWire } from "../support/ua"
import { type Actors, type Services, startServices } from "./harness"

let s: Services
let A: Actors
let port: number
const events: DomainEvent[] = []
const ids: Record<string, string> = {}
const passwords: Record<string, string> = {}
const uas: TestUa[] = []

const accounts = <A, E>(f: (a: Effect.Success<Services["accounts"]>) => Effect.Effect<A, E, any>) => Effect.flatMap(s.accounts, f)

beforeAll(async () => {
  s = await startServices({ sip: { host: "127.0.0.1", port: 0, tcp: false, algorithms: ["MD5", "SHA-256"] } })
  A = await s.tenant()
  // the test peers speak for "switchboard.test": make it A's domain before any account exists
  await s.runtime.runPromise(useDb((db) => db.insert(telephonyTables.tenantDomains).values({ tenantId: A.tenantId, domain: DOMAIN })))
  for (const [username, comment, userId] of [["alice", "Alice A.", null], ["bob", "Bob B.", A.operator.userId], ["carol", "Carol C.", A.supervisor.userId]] as const) {
    const a = await s.as(A.admin, accounts((x) => x.create({ username, comment, userId })))
    ids[username] = a.id
    passwords[username] = a.password
  }
  await s.as(A.admin, Effect.flatMap(s.extensions, (e) => e.create({ number: "300", name: "Sales", members: [ids.bob, ids.carol] })))
  const sip = await s.sip()
  port = sip.status().udp!.port
  const bus = await s.runtime.runPromise(Effect.service(EventBus))
  bus.subscribe((e) => void events.push(e))
}, 60_000)
afterAll(async () => {
  for (const u of uas) u.close()
  await s.close()
})

const udpUa = async (user: string, password = passwords[user]) => {
  const ua = new TestUa(await udpWire(port), user, password, port)
  uas.push(ua)
  return ua
}

const eventOf = async (topic: string, callId: string) => {
  for (let i = 0; i < 200; i++) {
    const e = events.find((x) => x.topic === topic && (x.payload as any).callId === callId)
    if (e) return e
    await Bun.sleep(10)
  }
  throw new Error(`no ${topic} for ${callId}`)
}

describe("SIP on the database", () => {
  test("health: ok, listening on UDP", async () => {
    const status = (await s.sip()).status()
    expect(status).toMatchObject({ status: "ok", udp: { address: "127.0.0.1" } })
    expect(status.tcp).toBeUndefined()
  })

  test("an extension call: UDP caller, members on UDP and on a WebSocket with a softphone token; record and events", async () => {
    const alice = await udpUa("alice")
    expect((await alice.register()).status).toBe(200)
    const bob = await udpUa("bob")
    expect((await bob.register()).status).toBe(200)
    // carol's softphone: a token for her linked user (the supervisor), over a WebSocket flow
    const dir = await s.directory()
    const row = (await dir.accounts.get(ids.carol))!
    const { token } = dir.issueToken({ id: ids.carol, userId: A.supervisor.userId!, ha1Md5: row.ha1!.MD5! })
    const carol = new TestUa(wsWire((await s.sip()).server!), "carol", token, port)
    uas.push(carol)
    expect((await carol.register()).status).toBe(200)

    const call = alice.call("300")
    const first = call.start()
    const [b, c] = await Promise.all([bob.incoming(), carol.incoming()])
    b.respond(180, { reason: "Ringing" })
    expect((await first).status).toBe(180)
    c.respond(180, { reason: "Ringing" })
    await call.response(180)
    const ringing = await eventOf(callRinging.topic, call.callId)
    expect(ringing.payload).toMatchObject({ callerAccountId: ids.alice, callerName: "Alice A.", to: { user: "300" } })
    expect(ringing.audience?.roles).toEqual(["supervisor"])
    expect([...ringing.audience!.userIds!].sort()).toEqual([A.operator.userId, A.supervisor.userId].sort())

    // bob's phone sees who calls as we vouch for it: the account's comment and (no extension of her own) her username
    expect(b.invite.headers.get("P-Asserted-Identity")).toBe('"Alice A." <sip:alice@switchboard.test>')
    b.answer()
    const ok = await call.response(200)
    const dialog = call.ack(ok)
    // the other member's phone stops ringing
    const cancel = await c.next("CANCEL")
    c.respond(200, { to: cancel })
    c.respond(487, { reason: "Request Terminated" })
    await c.next("ACK")
    const answered = await eventOf(callAnswered.topic, call.callId)
    expect(answered.payload).toMatchObject({ calleeAccountId: ids.bob, calleeName: "Bob B." })

    await Bun.sleep(30)
    const byeP = dialog.ask("BYE")
    const bye = await b.next("BYE")
    b.respond(200, { to: bye })
    expect((await byeP).status).toBe(200)

    const ended = await eventOf(callEnded.topic, call.callId)
    expect(ended.payload).toMatchObject({
      callId: call.callId, disposition: "answered", status: 200, hangup: "caller", direction: "internal",
      callerAccountId: ids.alice, calleeAccountId: ids.bob, callerName: "Alice A.", calleeName: "Bob B.",
      // the account's comment, not the phone's From display name
      from: { user: "alice", displayName: "Alice A." }, to: { user: "300" },
    })
    expect([...(ended.payload as any).targetAccountIds].sort()).toEqual([ids.bob, ids.carol].sort())
    expect(ended.tenantId).toBe(A.tenantId)
    // the same record is stored and listed
    const page = await s.as(A.supervisor, Effect.flatMap(s.records, (r) => r.list({ account: ids.carol })))
    expect(page.items.map((i) => i.callId)).toEqual([call.callId])
    expect(page.items[0]).toEqual(ended.payload as any)
    expect(page.items[0].talkSeconds).toBeGreaterThan(0.02)
  })

  test("a blocked account: REGISTER and calls get 403 at once; unblocked, it works again", async () => {
    const bob = await udpUa("bob")
    expect((await bob.register()).status).toBe(200)
    await s.as(A.admin, accounts((x) => x.block(ids.bob)))
    expect((await bob.register()).status).toBe(403)
    const call = bob.call("alice")
    expect((await call.start()).status).toBe(403)
    await s.as(A.admin, accounts((x) => x.unblock(ids.bob)))
    expect((await bob.register()).status).toBe(200)
  })

  test("a wrong password and an unknown number: 401 again, 404 with a failed record", async () => {
    const eve = await udpUa("alice", "not-the-password")
    expect((await eve.register()).status).toBe(401)
    const alice = await udpUa("alice")
    const call = alice.call("999")
    const r = await call.start()
    expect(r.status).toBe(404)
    call.ackFailure(r)
    expect((await eventOf(callEnded.topic, call.callId)).payload).toMatchObject({ disposition: "failed", status: 404, callerName: "Alice A." })
  })

  test("a SIP port that is taken: status down with the reason, WebSocket phones still register", async () => {
    const blocker = dgram.createSocket("udp4")
    const taken = await new Promise<number>((resolve) => blocker.bind(0, "127.0.0.1", () => resolve(blocker.address().port)))
    const s2 = await startServices({ sip: { host: "127.0.0.1", port: taken, tcp: false, algorithms: ["MD5"], logger: {} } })
    try {
      const T = await s2.tenant()
      await s2.runtime.runPromise(useDb((db) => db.insert(telephonyTables.tenantDomains).values({ tenantId: T.tenantId, domain: DOMAIN })))
      const pw = (await s2.as(T.admin, Effect.flatMap(s2.accounts, (x) => x.create({ username: "webonly" })))).password
      const sip = await s2.sip()
      expect(sip.status()).toMatchObject({ status: "down", error: expect.stringContaining(`cannot listen on 127.0.0.1:${taken}`) })
      const phone = new TestUa(wsWire(sip.server!), "webonly", pw, taken)
      uas.push(phone)
      expect((await phone.register()).status).toBe(200)
    } finally {
      blocker.close()
      await s2.close()
    }
  })

  test("stopping the runtime ends calls in progress and stores their records before the database closes", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "sip-stop-"))
    try {
      const s2 = await startServices({ sip: { host: "127.0.0.1", port: 0, tcp: false, algorithms: ["MD5"] }, dataDir })
      const T = await s2.tenant()
      await s2.runtime.runPromise(useDb((db) => db.insert(telephonyTables.tenantDomains).values({ tenantId: T.tenantId, domain: DOMAIN })))
      const made: Record<string, string> = {}
      for (const username of ["alice", "bob"]) made[username] = (await s2.as(T.admin, Effect.flatMap(s2.accounts, (x) => x.create({ username })))).password
      const p = (await s2.sip()).status().udp!.port
      const alice = new TestUa(await udpWire(p), "alice", made.alice, p)
      const bob = new TestUa(await udpWire(p), "bob", made.bob, p)
      uas.push(alice, bob)
      expect((await bob.register()).status).toBe(200)
      const call = alice.call("bob")
      const first = call.start()
      ;(await bob.incoming()).answer()
      expect((await first).status).toBe(200)
      expect((await s2.sip()).status().activeCalls).toBe(1)
      await s2.dispose()

      // the same database again (with TEST_DATABASE_URL: the same PostgreSQL database)
      const s3 = await startServices({ dataDir, url: s2.url })
      const stored = (await s3.as(T.supervisor, Effect.flatMap(s3.records, (r) => r.list()))).items
      expect(stored.map((r) => [r.callId, r.disposition, r.hangup])).toEqual([[call.callId, "answered", "system"]])
      await s3.dispose()
      await s2.close()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

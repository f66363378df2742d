/**
 * SIP accounts and extensions in the database: passwords only as HA1, the
 * tenant's domain, uniqueness, versions, user links, blocking that reaches
 * the SIP side's cache at once, softphone tokens, tenant isolation.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { coreTables, type DomainEvent, EventBus, useDb } from "@org/core/server"
import { eq } from "drizzle-orm"
import { Effect } from "effect"
import { computeHa1, sipAccountChanged, telephonyTables } from "../../src/server"
import { type Actors, type Services, startServices } from "./harness"

let s: Services
let A: Actors
let B: Actors
const events: DomainEvent[] = []

beforeAll(async () => {
  s = await startServices()
  A = await s.tenant()
  B = await s.tenant()
  const bus = await s.runtime.runPromise(Effect.service(EventBus))
  bus.subscribe((e) => void events.push(e))
}, 60_000)
afterAll(() => s.close())

const accounts = <A, E>(f: (a: Effect.Success<Services["accounts"]>) => Effect.Effect<A, E, any>) => Effect.flatMap(s.accounts, f)
const extensions = <A, E>(f: (a: Effect.Success<Services["extensions"]>) => Effect.Effect<A, E, any>) => Effect.flatMap(s.extensions, f)
const rowOf = (id: string) =>
  s.runtime.runPromise(useDb((db) => db.select().from(telephonyTables.sipAccounts).where(eq(telephonyTables.sipAccounts.id, id)))).then((r) => r[0])
const userOf = (actor: Actors[keyof Omit<Actors, "tenantId" | "slug">]) => actor.userId!

describe("SIP accounts", () => {
  test("a generated password is returned once and stored only as HA1 for the tenant's realm <slug>.sip.local", async () => {
    const created = await s.as(A.admin, accounts((a) => a.create({ username: "alice", comment: "Reception, Alice" })))
    expect(created.password).toMatch(/^[A-Za-z0-9]{20}$/)
    expect(created.domain).toBe(`${A.slug}.sip.local`)
    expect(created).toMatchObject({ username: "alice", uri: `sip:alice@${A.slug}.sip.local`, comment: "Reception, Alice", blocked: false, callLimit: null, version: 1 })
    const row = await rowOf(created.id)
    expect(row.ha1Md5).toBe(computeHa1("MD5", "alice", created.domain, created.password))
    expect(row.ha1Sha256).toBe(computeHa1("SHA-256", "alice", created.domain, created.password))
    expect(JSON.stringify(row)).not.toContain(created.password)
    const read = await s.as(A.admin, accounts((a) => a.get(created.id)))
    expect(JSON.stringify(read)).not.toContain(created.password)
    expect(read).not.toHaveProperty("password")
    const listed = await s.as(A.admin, accounts((a) => a.list()))
    expect(JSON.stringify(listed)).not.toContain(created.password)
    // nor in the audit trail or the event
    const audit = await s.runtime.runPromise(useDb((db) => db.select().from(coreTables.auditLog).where(eq(coreTables.auditLog.entityId, created.id))))
    expect(audit.map((r) => r.action)).toEqual(["sip_account.created"])
    expect(JSON.stringify(audit)).not.toContain(created.password)
  })

  test("a given password is used; usernames are unique per tenant whatever their case, and free in another tenant", async () => {
    const bob = await s.as(A.admin, accounts((a) => a.create({ username: "bob", password: "bob-secret-1", callLimit: 2 })))
    expect(bob.password).toBe("bob-secret-1")
    expect((await rowOf(bob.id)).ha1Md5).toBe(computeHa1("MD5", "bob", bob.domain, "bob-secret-1"))
    const dup = await s.failure(A.admin, accounts((a) => a.create({ username: "BOB" })))
    expect(dup).toMatchObject({ _tag: "Conflict", field: "username" })
    const other = await s.as(B.admin, accounts((a) => a.create({ username: "bob" })))
    expect(other.domain).toBe(`${B.slug}.sip.local`)
  })

  test("update: comment, call limit and user link with optimistic versions; null clears", async () => {
    const carol = await s.as(A.admin, accounts((a) => a.create({ username: "carol" })))
    const changed = await s.as(A.admin, accounts((a) => a.update(carol.id, { comment: "Carol", callLimit: 3, userId: userOf(A.operator), version: 1 })))
    expect(changed).toMatchObject({ comment: "Carol", callLimit: 3, userId: A.operator.userId, version: 2 })
    const stale = await s.failure(A.admin, accounts((a) => a.update(carol.id, { comment: "x", version: 1 })))
    expect(stale).toMatchObject({ _tag: "Conflict", currentVersion: 2 })
    const cleared = await s.as(A.admin, accounts((a) => a.update(carol.id, { callLimit: null, version: 2 })))
    expect(cleared).toMatchObject({ comment: "Carol", callLimit: null, userId: A.operator.userId, version: 3 })
    // a user links to one account only; another tenant's user is no user here
    const dave = await s.as(A.admin, accounts((a) => a.create({ username: "dave" })))
    expect(await s.failure(A.admin, accounts((a) => a.update(dave.id, { userId: userOf(A.operator), version: 1 })))).toMatchObject({ _tag: "Conflict", field: "userId" })
    expect(await s.failure(A.admin, accounts((a) => a.create({ username: "erin", userId: userOf(A.operator) })))).toMatchObject({ _tag: "Conflict", field: "userId" })
    const foreign = await s.failure(A.admin, accounts((a) => a.update(dave.id, { userId: userOf(B.operator), version: 1 })))
    expect(foreign._tag).toBe("ValidationError")
    expect(foreign.fields.map((f: any) => f.path)).toEqual(["userId"])
  })

  test("blocking reaches the SIP side at once, though it was cached; unblocking too", async () => {
    const frank = await s.as(A.admin, accounts((a) => a.create({ username: "frank" })))
    const dir = await s.directory()
    expect((await dir.accounts.find(frank.domain.toUpperCase(), "frank"))?.blocked).toBe(false)
    expect((await dir.accounts.get(frank.id))?.blocked).toBe(false)
    const blocked = await s.as(A.admin, accounts((a) => a.block(frank.id)))
    expect(blocked).toMatchObject({ blocked: true, version: 2 })
    expect((await dir.accounts.find(frank.domain, "frank"))?.blocked).toBe(true)
    expect((await dir.accounts.get(frank.id))?.blocked).toBe(true)
    // blocking twice changes nothing
    expect((await s.as(A.admin, accounts((a) => a.block(frank.id)))).version).toBe(2)
    await s.as(A.admin, accounts((a) => a.unblock(frank.id)))
    expect((await dir.accounts.find(frank.domain, "frank"))?.blocked).toBe(false)
    const published = events.filter((e) => e.topic === sipAccountChanged.topic && (e.payload as any).accountId === frank.id).map((e) => (e.payload as any).change)
    for (let i = 0; i < 50 && published.length < 3; i++) await Bun.sleep(20)
    expect(events.filter((e) => e.topic === sipAccountChanged.topic && (e.payload as any).accountId === frank.id).map((e) => (e.payload as any).change))
      .toEqual(["created", "blocked", "unblocked"])
    expect(events.find((e) => (e.payload as any).accountId === frank.id)?.audience).toEqual({ roles: ["admin"] })
  })

  test("the SIP side sees HA1 for both algorithms, the call limit, and a linked user's softphone tokens", async () => {
    const gina = await s.as(A.admin, accounts((a) => a.create({ username: "gina", password: "gina-password", callLimit: 1, userId: userOf(A.supervisor) })))
    const dir = await s.directory()
    const seen = await dir.accounts.find(gina.domain, "gina")
    expect(seen).toMatchObject({
      tenantId: A.tenantId, accountId: gina.id, domain: gina.domain, username: "gina", callLimit: 1,
      ha1: { MD5: computeHa1("MD5", "gina", gina.domain, "gina-password"), "SHA-256": computeHa1("SHA-256", "gina", gina.domain, "gina-password") },
    })
    expect(seen).not.toHaveProperty("password")
    const { token, expiresAt } = dir.issueToken({ id: gina.id, userId: A.supervisor.userId!, ha1Md5: seen!.ha1!.MD5! })
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 5 * 3600_000)
    expect(seen!.extraCredentials!.map((c) => c.password)).toContain(token)
    // a new password ends the tokens
    await s.as(A.admin, accounts((a) => a.resetPassword(gina.id)))
    const after = await dir.accounts.find(gina.domain, "gina")
    expect(after!.extraCredentials!.map((c) => c.password)).not.toContain(token)
    expect(after!.ha1!.MD5).not.toBe(seen!.ha1!.MD5)
    // an account without a linked user has no tokens; nor has a blocked one
    expect((await dir.accounts.find(gina.domain, "alice"))?.extraCredentials).toBeUndefined()
    await s.as(A.admin, accounts((a) => a.block(gina.id)))
    expect((await dir.accounts.find(gina.domain, "gina"))?.extraCredentials).toBeUndefined()
  })

  test("reset-password: a new password, shown once; the old HA1 is gone", async () => {
    const hal = await s.as(A.admin, accounts((a) => a.create({ username: "hal", password: "first-password" })))
    const reset = await s.as(A.admin, accounts((a) => a.resetPassword(hal.id, "second-password")))
    expect(reset).toMatchObject({ password: "second-password", version: 2 })
    expect((await rowOf(hal.id)).ha1Md5).toBe(computeHa1("MD5", "hal", hal.domain, "second-password"))
    const generated = await s.as(A.admin, accounts((a) => a.resetPassword(hal.id)))
    expect(generated.password).toMatch(/^[A-Za-z0-9]{20}$/)
  })

  test("list: by username, q over username and comment, blocked filter, cursor paging", async () => {
    const all = await s.as(A.admin, accounts((a) => a.list()))
    const names = all.items.map((i) => i.username)
    expect(names).toEqual([...names].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())))
    expect((await s.as(A.admin, accounts((a) => a.list({ q: "recep" })))).items.map((i) => i.username)).toEqual(["alice"])
    expect((await s.as(A.admin, accounts((a) => a.list({ blocked: true })))).items.map((i) => i.username)).toEqual(["gina"])
    const first = await s.as(A.admin, accounts((a) => a.list({ limit: 2 })))
    expect(first.items.length).toBe(2)
    const second = await s.as(A.admin, accounts((a) => a.list({ limit: 2, cursor: first.nextCursor! })))
    expect(second.items[0].username).toBe(names[2])
    // B sees only its own
    expect((await s.as(B.admin, accounts((a) => a.list()))).items.map((i) => i.username)).toEqual(["bob"])
  })

  test("another tenant's account is not found for any action", async () => {
    const alice = (await s.as(A.admin, accounts((a) => a.list({ q: "alice" })))).items[0]
    for (const act of [
      accounts((a) => a.get(alice.id)), accounts((a) => a.update(alice.id, { comment: "x", version: 1 })), accounts((a) => a.block(alice.id)),
      accounts((a) => a.unblock(alice.id)), accounts((a) => a.resetPassword(alice.id)), accounts((a) => a.remove(alice.id)),
    ]) expect(await s.failure(B.admin, act)).toMatchObject({ _tag: "NotFound" })
    expect((await s.as(A.admin, accounts((a) => a.get(alice.id)))).version).toBe(1)
  })

  test("the linked user's own account (mine): not linked → 404, blocked → 403", async () => {
    expect((await s.as(A.operator, accounts((a) => a.mine()))).username).toBe("carol")
    expect(await s.failure(A.admin, accounts((a) => a.mine()))).toMatchObject({ _tag: "DomainRejection", status: 404, code: "sip_account_not_linked" })
    expect(await s.failure(A.supervisor, accounts((a) => a.mine()))).toMatchObject({ _tag: "DomainRejection", status: 403, code: "sip_account_blocked" })
  })
})

describe("extensions", () => {
  let ids: Record<string, string>
  beforeAll(async () => {
    const list = (await s.as(A.admin, accounts((a) => a.list()))).items
    ids = Object.fromEntries(list.map((a) => [a.username, a.id]))
  })

  test("create: a number rings its members; the dialplan resolves it at once", async () => {
    const dir = await s.directory()
    expect(await dir.dialplan.resolve(A.tenantId, "100")).toBeUndefined()
    const ext = await s.as(A.admin, extensions((e) => e.create({ number: "100", name: "Reception", members: [ids.alice, ids.bob] })))
    expect(ext).toMatchObject({ number: "100", name: "Reception", members: [ids.alice, ids.bob], version: 1 })
    expect(await dir.dialplan.resolve(A.tenantId, "100")).toEqual({ kind: "extension", accountIds: [ids.alice, ids.bob], name: "Reception" })
    // numbers are the tenant's own
    expect(await dir.dialplan.resolve(B.tenantId, "100")).toBeUndefined()
    expect(await dir.dialplan.tenantOf?.(`${A.slug}.SIP.local`)).toBe(A.tenantId)
    // the number callers see for alice: the group she rings in; once she has her own, that one (caches emptied by the change)
    expect(await dir.dialplan.numberOf?.(A.tenantId, ids.alice)).toBe("100")
    const own = await s.as(A.admin, extensions((e) => e.create({ number: "1010", members: [ids.alice] })))
    expect(await dir.dialplan.numberOf?.(A.tenantId, ids.alice)).toBe("1010")
    expect(await dir.dialplan.numberOf?.(B.tenantId, ids.alice)).toBeUndefined()
    await s.as(A.admin, extensions((e) => e.remove(own.id)))
    expect(await dir.dialplan.numberOf?.(A.tenantId, ids.alice)).toBe("100")
  })

  test("a number is unique per tenant; members must be the tenant's own accounts", async () => {
    expect(await s.failure(A.admin, extensions((e) => e.create({ number: "100", members: [ids.carol] })))).toMatchObject({ _tag: "Conflict", field: "number" })
    const bBob = (await s.as(B.admin, accounts((a) => a.list()))).items[0]
    const foreign = await s.failure(A.admin, extensions((e) => e.create({ number: "101", members: [ids.carol, bBob.id] })))
    expect(foreign._tag).toBe("ValidationError")
    expect(foreign.fields.map((f: any) => f.path)).toEqual(["members.1"])
    // B's own 100 is no conflict
    expect((await s.as(B.admin, extensions((e) => e.create({ number: "100", members: [bBob.id] })))).number).toBe("100")
  })

  test("update replaces with versions; delete; a deleted account leaves its extensions", async () => {
    const dir = await s.directory()
    const ext = (await s.as(A.admin, extensions((e) => e.list()))).find((e) => e.number === "100")!
    const moved = await s.as(A.admin, extensions((e) => e.update(ext.id, { number: "200", members: [ids.carol, ids.dave] }, 1)))
    expect(moved).toMatchObject({ number: "200", name: null, version: 2 })
    expect(await dir.dialplan.resolve(A.tenantId, "100")).toBeUndefined()
    expect(await dir.dialplan.resolve(A.tenantId, "200")).toEqual({ kind: "extension", accountIds: [ids.carol, ids.dave] })
    expect(await s.failure(A.admin, extensions((e) => e.update(ext.id, { number: "201", members: [ids.carol] }, 1)))).toMatchObject({ _tag: "Conflict", currentVersion: 2 })
    expect(await s.failure(B.admin, extensions((e) => e.update(ext.id, { number: "201", members: [ids.carol] }, 2)))).toMatchObject({ _tag: "NotFound" })

    await s.as(A.admin, accounts((a) => a.remove(ids.dave)))
    expect(await s.as(A.admin, extensions((e) => e.get(ext.id)))).toMatchObject({ members: [ids.carol], version: 3 })
    expect(await dir.accounts.get(ids.dave)).toBeUndefined()
    expect(await dir.dialplan.resolve(A.tenantId, "200")).toEqual({ kind: "extension", accountIds: [ids.carol] })

    expect(await s.failure(B.admin, extensions((e) => e.remove(ext.id)))).toMatchObject({ _tag: "NotFound" })
    await s.as(A.admin, extensions((e) => e.remove(ext.id)))
    expect(await dir.dialplan.resolve(A.tenantId, "200")).toBeUndefined()
    expect(await s.failure(A.admin, extensions((e) => e.get(ext.id)))).toMatchObject({ _tag: "NotFound" })
  })
})

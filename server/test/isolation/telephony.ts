/**
 * Telephony routes: tenant B's admins, supervisors and operators cannot read
 * or change A's SIP accounts, extensions or call records, cannot put A's
 * accounts or users into their own, and get only their own softphone settings.
 */
import { expect } from "bun:test"
import { CallRecords } from "@org/telephony/server"
import { Effect } from "effect"
import type { IsolationCases, IsolationContext } from "./context"

const TEL = "/api/v1/telephony"

let fixtures: Promise<{ account: any; extension: any; callId: string; domain: string }> | undefined
/** A's account (linked to A's operator), extension and a call record; made once, on first use. */
const aTelephony = ({ t, A, a }: IsolationContext) => (fixtures ??= (async () => {
  const operatorId = A.users.find((u) => u.login === A.logins.operator)!.id
  const created = await t.call("POST", `${TEL}/accounts`, { cookie: a.admin, body: { username: "a_secret_acc", comment: "A secret account", userId: operatorId } })
  expect(created.status).toBe(201)
  const account = created.json
  const extension = (await t.call("POST", `${TEL}/extensions`, { cookie: a.admin, body: { number: "777", name: "A secret ext", members: [account.id] } })).json
  const callId = `a-secret-call-${Date.now()}@test`
  const now = new Date()
  await t.runtime.runPromise(Effect.flatMap(Effect.service(CallRecords), (r) => r.record({
    tenantId: A.tenantId, callId, fromTag: "x", from: { user: "a_secret_acc", uri: `sip:a_secret_acc@${account.domain}` }, to: { user: "777", uri: `sip:777@${account.domain}` },
    callerAccountId: account.id, targetAccountIds: [account.id], direction: "internal", startedAt: now, endedAt: now, ringSeconds: 0, talkSeconds: 0,
    disposition: "failed", status: 404, hangup: "system", transfers: [],
  }, { callerName: "A secret account" })))
  return { account, extension, callId, domain: account.domain }
})())

const cases: IsolationCases = (ctx) => {
  const { t, a, b, B } = ctx
  // (not the username: B may have its own "a_secret_acc")
  const leaks = async (body: string) => {
    const f = await aTelephony(ctx)
    return [f.account.id, "A secret account", f.extension.id, "A secret ext", f.callId, f.domain].filter((s) => body.includes(s))
  }
  const aAccount = async () => (await t.call("GET", `${TEL}/accounts/${(await aTelephony(ctx)).account.id}`, { cookie: a.admin })).json
  const aExtension = async () => (await t.call("GET", `${TEL}/extensions/${(await aTelephony(ctx)).extension.id}`, { cookie: a.admin })).json
  return {
    "GET /api/v1/telephony/accounts": async () => {
      await aTelephony(ctx)
      const r = await t.call("GET", `${TEL}/accounts?q=secret`, { cookie: b.admin })
      expect(r.status).toBe(200)
      expect(await leaks(r.text)).toEqual([])
    },
    "POST /api/v1/telephony/accounts": async () => {
      const { account } = await aTelephony(ctx)
      // the same username in B is B's own, in B's domain
      const r = await t.call("POST", `${TEL}/accounts`, { cookie: b.admin, body: { username: "a_secret_acc" } })
      expect(r.status).toBe(201)
      expect(r.json.domain).toBe(`${B.slug}.sip.local`)
      // A's user cannot be linked to a B account
      const aOperatorId = ctx.A.users.find((u) => u.login === ctx.A.logins.operator)!.id
      const linked = await t.call("POST", `${TEL}/accounts`, { cookie: b.admin, body: { username: "b_linked", userId: aOperatorId } })
      expect(linked.status).toBe(400)
      expect(linked.json.fields.map((f: any) => f.path)).toEqual(["userId"])
      expect(await aAccount()).toMatchObject({ id: account.id, version: 1 })
    },
    "GET /api/v1/telephony/accounts/:id": async () => {
      const { account } = await aTelephony(ctx)
      const r = await t.call("GET", `${TEL}/accounts/${account.id}`, { cookie: b.admin })
      expect(r.status).toBe(404)
      expect(await leaks(r.text.replaceAll(account.id, ""))).toEqual([])
    },
    "PATCH /api/v1/telephony/accounts/:id": async () => {
      const { account } = await aTelephony(ctx)
      expect((await t.call("PATCH", `${TEL}/accounts/${account.id}`, { cookie: b.admin, body: { comment: "pwned", version: 1 } })).status).toBe(404)
      expect(await aAccount()).toMatchObject({ comment: "A secret account", version: 1 })
    },
    "DELETE /api/v1/telephony/accounts/:id": async () => {
      const { account } = await aTelephony(ctx)
      expect((await t.call("DELETE", `${TEL}/accounts/${account.id}`, { cookie: b.admin })).status).toBe(404)
      expect((await aAccount()).id).toBe(account.id)
    },
    "POST /api/v1/telephony/accounts/:id/block": async () => {
      const { account } = await aTelephony(ctx)
      expect((await t.call("POST", `${TEL}/accounts/${account.id}/block`, { cookie: b.admin })).status).toBe(404)
      expect((await aAccount()).blocked).toBe(false)
    },
    "POST /api/v1/telephony/accounts/:id/unblock": async () => {
      const { account } = await aTelephony(ctx)
      await t.call("POST", `${TEL}/accounts/${account.id}/block`, { cookie: a.admin })
      expect((await t.call("POST", `${TEL}/accounts/${account.id}/unblock`, { cookie: b.admin })).status).toBe(404)
      expect((await aAccount()).blocked).toBe(true)
      await t.call("POST", `${TEL}/accounts/${account.id}/unblock`, { cookie: a.admin })
    },
    "POST /api/v1/telephony/accounts/:id/reset-password": async () => {
      const { account } = await aTelephony(ctx)
      const before = (await aAccount()).passwordChangedAt
      const r = await t.call("POST", `${TEL}/accounts/${account.id}/reset-password`, { cookie: b.admin, body: { password: "pwned-password-1" } })
      expect(r.status).toBe(404)
      expect(r.text).not.toContain("pwned-password-1")
      expect((await aAccount()).passwordChangedAt).toBe(before)
    },
    "GET /api/v1/telephony/extensions": async () => {
      await aTelephony(ctx)
      const r = await t.call("GET", `${TEL}/extensions`, { cookie: b.admin })
      expect(r.status).toBe(200)
      expect(await leaks(r.text)).toEqual([])
    },
    "POST /api/v1/telephony/extensions": async () => {
      const { account, extension } = await aTelephony(ctx)
      // A's account is no member of B's
      const r = await t.call("POST", `${TEL}/extensions`, { cookie: b.admin, body: { number: "778", members: [account.id] } })
      expect(r.status).toBe(400)
      expect(r.json.fields.map((f: any) => f.path)).toEqual(["members.0"])
      // the same number in B is B's own
      const own = (await t.call("POST", `${TEL}/accounts`, { cookie: b.admin, body: { username: "b_member" } })).json
      expect((await t.call("POST", `${TEL}/extensions`, { cookie: b.admin, body: { number: "777", members: [own.id] } })).status).toBe(201)
      expect(await aExtension()).toMatchObject({ id: extension.id, members: [account.id], version: 1 })
    },
    "GET /api/v1/telephony/extensions/:id": async () => {
      const { extension } = await aTelephony(ctx)
      const r = await t.call("GET", `${TEL}/extensions/${extension.id}`, { cookie: b.admin })
      expect(r.status).toBe(404)
      expect(r.text).not.toContain("A secret ext")
    },
    "PUT /api/v1/telephony/extensions/:id": async () => {
      const { extension } = await aTelephony(ctx)
      const own = (await t.call("GET", `${TEL}/accounts`, { cookie: b.admin })).json.items[0]
      const r = await t.call("PUT", `${TEL}/extensions/${extension.id}`, { cookie: b.admin, body: { number: "779", members: [own?.id ?? extension.members[0]], version: 1 } })
      expect(r.status).toBeGreaterThanOrEqual(400)
      expect(await aExtension()).toMatchObject({ number: "777", name: "A secret ext", version: 1 })
    },
    "DELETE /api/v1/telephony/extensions/:id": async () => {
      const { extension } = await aTelephony(ctx)
      expect((await t.call("DELETE", `${TEL}/extensions/${extension.id}`, { cookie: b.admin })).status).toBe(404)
      expect((await aExtension()).id).toBe(extension.id)
    },
    "GET /api/v1/telephony/calls": async () => {
      const { account, callId } = await aTelephony(ctx)
      const all = await t.call("GET", `${TEL}/calls`, { cookie: b.admin })
      expect(all.status).toBe(200)
      expect(await leaks(all.text)).toEqual([])
      const byAccount = await t.call("GET", `${TEL}/calls?account=${account.id}`, { cookie: b.admin })
      expect(byAccount.json.items).toEqual([])
      expect((await t.call("GET", `${TEL}/calls`, { cookie: a.supervisor })).json.items.map((c: any) => c.callId)).toContain(callId)
    },
    "GET /api/v1/telephony/me/sip": async () => {
      const { account } = await aTelephony(ctx)
      // B's operator has no account; once B links one, B's settings name B's domain, never A's
      expect((await t.call("GET", `${TEL}/me/sip`, { cookie: b.operator })).status).toBe(404)
      const bOperatorId = B.users.find((u) => u.login === B.logins.operator)!.id
      const own = await t.call("POST", `${TEL}/accounts`, { cookie: b.admin, body: { username: "b_softphone", userId: bOperatorId } })
      expect(own.status).toBe(201)
      const mine = await t.call("GET", `${TEL}/me/sip`, { cookie: b.operator })
      expect(mine.json).toMatchObject({ accountId: own.json.id, domain: `${B.slug}.sip.local`, authorizationUsername: "b_softphone" })
      expect(await leaks(mine.text)).toEqual([])
      expect((await t.call("GET", `${TEL}/me/sip`, { cookie: a.operator })).json.accountId).toBe(account.id)
    },
  }
}
export default cases

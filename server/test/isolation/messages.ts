/** Tenant isolation of messages: B cannot read A's chat, write into it, or report on A's messages. */
import { expect } from "bun:test"
import { sql, useDb } from "@org/core/server"
import type { IsolationCases, IsolationContext } from "./context"

const SECRET = "A secret message to the applicant"
const PROVIDER_ID = "a-secret-provider-id"
let fixtures: Promise<{ message: any; bKey: string }> | undefined

/** A's message on A's case, marked as sent by a provider (made once, on first use), and an admin key of B's. */
const aFixtures = ({ t, a, b, aCase }: IsolationContext) => (fixtures ??= (async () => {
  const message = (await t.call("POST", `/api/v1/cases/${aCase.id}/messages`, { cookie: a.operator, body: { channel: "sms", text: SECRET } })).json
  if (!message?.id) throw new Error("A's message fixture failed")
  // The embedded server has no provider: give the message a provider's id as SMS.ru would have.
  await t.runtime.runPromise(useDb((db) =>
    db.execute(sql`update cases.case_messages set status = 'sent', status_reason = null, provider_message_id = ${PROVIDER_ID} where id = ${message.id}`)))
  const bKey = (await t.call("POST", "/api/v1/auth/api-keys", { cookie: b.admin, body: { name: "B's gateway", roles: ["admin"] } })).json.key
  return { message, bKey }
})())

const cases: IsolationCases = (ctx) => {
  const { t, a, b, aCase } = ctx
  const leaks = (body: string, message: any) => [message.id, SECRET, aCase.id, aCase.title, PROVIDER_ID].filter((s) => body.includes(s))
  const chatOfA = async () => (await t.call("GET", `/api/v1/cases/${aCase.id}/messages`, { cookie: a.operator })).json.items
  const unchanged = async (message: any) => {
    const items = await chatOfA()
    expect(items.map((m: any) => [m.id, m.status])).toEqual([[message.id, "sent"]])
  }
  return {
    "GET /api/v1/cases/messages/channels": async () => {
      const { message } = await aFixtures(ctx)
      const r = await t.call("GET", "/api/v1/cases/messages/channels", { cookie: b.operator })
      expect(r.status).toBe(200)
      expect(leaks(r.text, message)).toEqual([])
    },
    "POST /api/v1/cases/messages/inbound": async () => {
      const { message, bKey } = await aFixtures(ctx)
      for (const body of [
        { channel: "sms", from: "+79990001122", text: "B pretends to be A's applicant" },
        { channel: "sms", from: "+79990001122", text: "B pretends to be A's applicant", caseNumber: aCase.number },
      ]) {
        const r = await t.call("POST", "/api/v1/cases/messages/inbound", { token: bKey, body })
        // B may have a case of its own with that number or phone; it must never be A's.
        expect([201, 404]).toContain(r.status)
        expect(leaks(r.text, message)).toEqual([])
      }
      await unchanged(message)
    },
    "POST /api/v1/cases/messages/status": async () => {
      const { message, bKey } = await aFixtures(ctx)
      const r = await t.call("POST", "/api/v1/cases/messages/status", { token: bKey, body: { providerMessageId: PROVIDER_ID, status: "failed", reason: "B says so" } })
      expect(r.status).toBe(404)
      await unchanged(message)
    },
    "GET /api/v1/cases/:id/messages": async () => {
      const { message } = await aFixtures(ctx)
      const r = await t.call("GET", `/api/v1/cases/${aCase.id}/messages`, { cookie: b.admin })
      expect(r.status).toBe(404)
      expect(leaks(r.text, message).filter((s) => s !== aCase.id)).toEqual([])
    },
    "POST /api/v1/cases/:id/messages": async () => {
      const { message } = await aFixtures(ctx)
      const r = await t.call("POST", `/api/v1/cases/${aCase.id}/messages`, { cookie: b.operator, body: { channel: "sms", text: "B writes to A's applicant" } })
      expect(r.status).toBe(404)
      await unchanged(message)
    },
  }
}

export default cases

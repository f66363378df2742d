/** Tenant isolation of attachments: B cannot list, download or add to A's case's files. */
import { expect } from "bun:test"
import type { IsolationCases, IsolationContext } from "./context"

const SECRET = "A secret attachment content"
let fixtures: Promise<{ attachment: any; bCase: any }> | undefined

const upload = (ctx: IsolationContext, caseId: string, cookie: string, text: string, name: string) => {
  const form = new FormData()
  form.append("file", new Blob([text], { type: "text/plain" }), name)
  return ctx.t.app.fetch(new Request(`http://test/api/v1/cases/${caseId}/attachments`, { method: "POST", headers: { cookie }, body: form }))
}

/** A's attachment on A's case, and a case of B's own (made once, on first use). */
const aFixtures = (ctx: IsolationContext) => (fixtures ??= (async () => {
  const res = await upload(ctx, ctx.aCase.id, ctx.a.operator, SECRET, "a-secret-file.txt")
  if (res.status !== 201) throw new Error(`A's attachment fixture failed: ${res.status}`)
  const bCase = (await ctx.t.call("POST", "/api/v1/cases", { cookie: ctx.b.operator, body: { title: "B's own case" } })).json
  return { attachment: await res.json(), bCase }
})())

const cases: IsolationCases = (ctx) => {
  const { t, a, b, aCase } = ctx
  const leaks = (body: string, attachment: any) => [attachment.id, SECRET, "a-secret-file.txt", aCase.title, attachment.sha256].filter((s) => body.includes(s))
  const unchanged = async (attachment: any) => {
    const items = (await t.call("GET", `/api/v1/cases/${aCase.id}/attachments`, { cookie: a.operator })).json.items
    expect(items.map((x: any) => x.id)).toEqual([attachment.id])
  }
  return {
    "GET /api/v1/cases/:id/attachments": async () => {
      const { attachment } = await aFixtures(ctx)
      const r = await t.call("GET", `/api/v1/cases/${aCase.id}/attachments`, { cookie: b.admin })
      expect(r.status).toBe(404)
      expect(leaks(r.text, attachment)).toEqual([])
    },
    "POST /api/v1/cases/:id/attachments": async () => {
      const { attachment } = await aFixtures(ctx)
      const r = await upload(ctx, aCase.id, b.operator, "B was here", "b.txt")
      expect(r.status).toBe(404)
      await unchanged(attachment)
    },
    "GET /api/v1/cases/:id/attachments/:attachmentId": async () => {
      const { attachment, bCase } = await aFixtures(ctx)
      for (const caseId of [aCase.id, bCase.id]) {
        const r = await t.call("GET", `/api/v1/cases/${caseId}/attachments/${attachment.id}`, { cookie: b.admin })
        expect(r.status).toBe(404)
        expect(leaks(r.text, attachment).filter((s) => s !== attachment.id)).toEqual([])
      }
      const own = await t.app.fetch(new Request(`http://test/api/v1/cases/${aCase.id}/attachments/${attachment.id}`, { headers: { cookie: a.operator } }))
      expect(await own.text()).toBe(SECRET)
    },
  }
}

export default cases

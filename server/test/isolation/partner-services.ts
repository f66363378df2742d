/** Tenant isolation of partner services, the hand-off and case actions: B reaches none of A's, and A's stay as they were. */
import { expect } from "bun:test"
import type { IsolationCases, IsolationContext } from "./context"

let fixtures: Promise<{ service: any; action: any }> | undefined
/** A's service and action on A's case, made once on first use (A's reference books seeded for their kinds). */
export const aFixtures = ({ t, a, aCase }: IsolationContext) => (fixtures ??= (async () => {
  await t.call("POST", "/api/v1/cases/reference/seed", { cookie: a.admin })
  const service = (await t.call("POST", `/api/v1/cases/${aCase.id}/services`, {
    cookie: a.operator, body: { kind: "TOW", comment: "A secret service", customerCost: { amount: 123456, currency: "RUB" } },
  })).json
  const action = (await t.call("POST", `/api/v1/cases/${aCase.id}/actions`, { cookie: a.operator, body: { kind: "CALL_CLIENT", comment: "A secret action" } })).json
  if (!service?.id || !action?.id) throw new Error(`A's fixtures failed: ${JSON.stringify({ service, action })}`)
  return { service, action }
})())

const leaks = (body: string, f: { service: any; action: any }) =>
  [f.service.id, f.action.id, "A secret service", "A secret action"].filter((s) => body.includes(s))

const cases: IsolationCases = (ctx) => {
  const { t, a, b, aCase } = ctx
  const services = `/api/v1/cases/${aCase?.id}/services`
  const actions = `/api/v1/cases/${aCase?.id}/actions`
  /** A's service as A sees it now. */
  const aService = async () => (await t.call("GET", services, { cookie: a.operator })).json.items[0]
  return {
    "GET /api/v1/cases/services": async () => {
      const f = await aFixtures(ctx)
      const r = await t.call("GET", "/api/v1/cases/services", { cookie: b.admin })
      expect(r.status).toBe(200)
      expect(leaks(r.text, f)).toEqual([])
      expect(leaks((await t.call("GET", `/api/v1/cases/services?cursor=ffffffff-ffff-7fff-bfff-ffffffffffff`, { cookie: b.admin })).text, f)).toEqual([])
    },
    "GET /api/v1/cases/:id/services": async () => {
      const f = await aFixtures(ctx)
      const r = await t.call("GET", services, { cookie: b.operator })
      expect(r.status).toBe(404)
      expect(leaks(r.text, f)).toEqual([])
    },
    "POST /api/v1/cases/:id/services": async () => {
      await aFixtures(ctx)
      expect((await t.call("POST", services, { cookie: b.operator, body: { kind: "TOW" } })).status).toBe(404)
      expect((await t.call("GET", services, { cookie: a.operator })).json.items).toHaveLength(1)
    },
    "PATCH /api/v1/cases/:id/services/:serviceId": async () => {
      const { service } = await aFixtures(ctx)
      const r = await t.call("PATCH", `${services}/${service.id}`, { cookie: b.admin, body: { version: 1, comment: "pwned", status: "cancelled" } })
      expect(r.status).toBe(404)
      expect(await aService()).toMatchObject({ version: 1, comment: "A secret service", status: "draft" })
    },
    "POST /api/v1/cases/:id/services/:serviceId/back-office": async () => {
      const { service } = await aFixtures(ctx)
      const r = await t.call("POST", `${services}/${service.id}/back-office`, { cookie: b.admin, body: { version: 1 } })
      expect(r.status).toBe(404)
      expect(await aService()).toMatchObject({ version: 1, handedOffAt: null })
    },
    "GET /api/v1/cases/:id/actions": async () => {
      const f = await aFixtures(ctx)
      const r = await t.call("GET", actions, { cookie: b.operator })
      expect(r.status).toBe(404)
      expect(leaks(r.text, f)).toEqual([])
    },
    "POST /api/v1/cases/:id/actions": async () => {
      await aFixtures(ctx)
      expect((await t.call("POST", actions, { cookie: b.operator, body: { kind: "CALL_CLIENT" } })).status).toBe(404)
      expect((await t.call("GET", actions, { cookie: a.operator })).json.items).toHaveLength(1)
    },
    "POST /api/v1/cases/:id/actions/:actionId/done": async () => {
      const { action } = await aFixtures(ctx)
      expect((await t.call("POST", `${actions}/${action.id}/done`, { cookie: b.admin })).status).toBe(404)
      expect((await t.call("GET", actions, { cookie: a.operator })).json.items[0]).toMatchObject({ id: action.id, status: "open", doneAt: null })
    },
  }
}
export default cases

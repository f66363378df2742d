/** Tenant isolation of the analytics: B's report counts nothing of A's services and actions. */
import { expect } from "bun:test"
import type { IsolationCases } from "./context"
import { aFixtures } from "./partner-services"

const cases: IsolationCases = (ctx) => {
  const { t, a, b } = ctx
  return {
    "GET /api/v1/cases/analytics/roadside": async () => {
      const { service, action } = await aFixtures(ctx)
      const url = "/api/v1/cases/analytics/roadside"
      const mine = (await t.call("GET", url, { cookie: a.admin })).json
      expect(mine.totals.customerCost.amount).toBeGreaterThanOrEqual(123456) // A's service counts for A
      for (const cookie of [b.admin]) {
        const r = await t.call("GET", url, { cookie })
        expect(r.status).toBe(200)
        expect(r.json.totals.customerCost.amount).not.toBe(mine.totals.customerCost.amount)
        expect([service.id, action.id, "123456"].filter((s) => r.text.includes(s))).toEqual([])
        const csv = await t.call("GET", `${url}?format=csv`, { cookie })
        expect(csv.text).not.toContain("1234,56")
        expect(csv.text).not.toContain("1234.56")
      }
    },
  }
}
export default cases

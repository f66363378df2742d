/**
 * Case search upkeep: tenant B's admin reindexing rewrites B's documents only —
 * A's case is still found by its phone afterwards, and B's answer counts none of A's cases.
 */
import { expect } from "bun:test"
import type { IsolationCases } from "./context"

const cases: IsolationCases = (ctx) => {
  const { t, a, b, aCase } = ctx
  return {
    "POST /api/v1/cases/search/reindex": async () => {
      const bCases = (await t.call("GET", "/api/v1/cases?limit=200", { cookie: b.admin })).json.total
      const r = await t.call("POST", "/api/v1/cases/search/reindex", { cookie: b.admin })
      expect(r.status).toBe(200)
      expect(r.json.scanned).toBe(bCases)
      expect(r.text).not.toContain(aCase.id)
      // A's case (applicant +79990001122) is found by A as before, and never by B
      expect((await t.call("GET", "/api/v1/cases?q=%2B7%20999%20000-11-22", { cookie: a.operator })).json.items.map((c: any) => c.id)).toContain(aCase.id)
      expect((await t.call("GET", "/api/v1/cases?q=%2B7%20999%20000-11-22", { cookie: b.operator })).json.items).toEqual([])
    },
  }
}
export default cases

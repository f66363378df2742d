import { expect } from "bun:test"
import type { IsolationCases } from "./context"

const cases: IsolationCases = ({ t, aCase, a, b }) => ({
  "POST /api/v1/cases/:id/calls": async () => {
    const r = await t.call("POST", `/api/v1/cases/${aCase.id}/calls`, { cookie: b.operator, body: { callId: "b-call" } })
    expect(r.status).toBe(404)
    const journal = (await t.call("GET", `/api/v1/cases/${aCase.id}/journal`, { cookie: a.operator })).json.items
    expect(journal.some((e: any) => e.kind === "call")).toBe(false)
  },
})
export default cases

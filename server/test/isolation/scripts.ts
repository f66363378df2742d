/** Tenant isolation of questionnaire scripts and their runs: B reaches none of A's, and A's stay as they were. */
import { expect } from "bun:test"
import type { IsolationCases, IsolationContext } from "./context"

const TYPE = "a_scripts_roadside"
const KEY = "a_secret_script"
interface Fixtures { case: any; run: any; bCase: any }
let fixtures: Promise<Fixtures> | undefined

/** A's script (for A's own roadside type), a typed case of A and a run on it; B's own case. Made once, on first use. */
const aFixtures = ({ t, a, b }: IsolationContext) => (fixtures ??= (async () => {
  await t.call("POST", "/api/v1/cases/types/install", { cookie: a.admin, body: { template: "roadside", key: TYPE } })
  // its own number format, so its case numbers never meet another roadside type's in A
  const type = (await t.call("GET", `/api/v1/cases/types/${TYPE}`, { cookie: a.admin })).json
  await t.call("PUT", `/api/v1/cases/types/${TYPE}`, { cookie: a.admin, body: { version: type.version, definition: { ...type.definition, numberFormat: "SCR-{SEQ:5}" } } })
  const script = await t.call("POST", "/api/v1/cases/scripts/install", { cookie: a.admin, body: { template: "roadside_intake", typeKey: TYPE, key: KEY } })
  const c = (await t.call("POST", "/api/v1/cases", {
    cookie: a.operator, body: { type: TYPE, title: "A scripted secret", values: { fault: "A secret fault", contact_phone: "+79990001123" } },
  })).json
  const run = (await t.call("POST", `/api/v1/cases/${c?.id}/script-runs`, { cookie: a.operator, body: { scriptKey: KEY } })).json
  const bCase = (await t.call("POST", "/api/v1/cases", { cookie: b.operator, body: { title: "B's own case" } })).json
  if (script.status !== 201 || !c?.id || !run?.id || !bCase?.id) throw new Error(`A's script fixtures failed: ${script.text} ${JSON.stringify({ c, run })}`)
  return { case: c, run, bCase }
})())

const leaks = (body: string, f: Fixtures) => [KEY, TYPE, f.case.id, f.run.id, "A scripted secret", "A secret fault"].filter((s) => body.includes(s))

const cases: IsolationCases = (ctx) => {
  const { t, a, b } = ctx
  /** A's script and run as A sees them now. */
  const aScript = async () => (await t.call("GET", `/api/v1/cases/scripts/${KEY}`, { cookie: a.operator })).json
  const aRun = async (f: Fixtures) => (await t.call("GET", `/api/v1/cases/${f.case.id}/script-runs`, { cookie: a.operator })).json.items
  const unchanged = async (f: Fixtures) => {
    expect(await aScript()).toMatchObject({ key: KEY, version: 1, archived: false })
    expect(await aRun(f)).toMatchObject([{ id: f.run.id, current: "caller", path: [], answers: {} }])
    expect((await t.call("GET", `/api/v1/cases/${f.case.id}`, { cookie: a.operator })).json).toMatchObject({ version: 1 })
  }
  const runPath = (f: Fixtures, action: string) => `/api/v1/cases/${f.case.id}/script-runs/${f.run.id}/${action}`
  return {
    "GET /api/v1/cases/scripts": async () => {
      const f = await aFixtures(ctx)
      const r = await t.call("GET", "/api/v1/cases/scripts?includeArchived=true", { cookie: b.admin })
      expect(r.status).toBe(200)
      expect(leaks(r.text, f)).toEqual([])
      expect(leaks((await t.call("GET", `/api/v1/cases/scripts?type=${TYPE}`, { cookie: b.operator })).text, f)).toEqual([])
    },
    "POST /api/v1/cases/scripts": async () => {
      const f = await aFixtures(ctx)
      const r = await t.call("POST", "/api/v1/cases/scripts", { cookie: b.admin, body: {
        key: KEY, typeKey: TYPE, name: { ru: "pwned" }, definition: { start: "q", questions: [{ id: "q", kind: "text", text: { ru: "pwned" }, writeTo: "fault" }] },
      } })
      expect(r.status).toBe(400) // A's type is no type of B's
      expect(r.json.fields.map((x: any) => x.path)).toEqual(["typeKey"])
      await unchanged(f)
    },
    "POST /api/v1/cases/scripts/install": async () => {
      const f = await aFixtures(ctx)
      const r = await t.call("POST", "/api/v1/cases/scripts/install", { cookie: b.admin, body: { template: "roadside_intake", typeKey: TYPE, key: KEY } })
      expect(r.status).toBe(400)
      await unchanged(f)
    },
    "GET /api/v1/cases/scripts/:key": async () => {
      const f = await aFixtures(ctx)
      for (const q of ["", "?version=1"]) {
        const r = await t.call("GET", `/api/v1/cases/scripts/${KEY}${q}`, { cookie: b.admin })
        expect(r.status).toBe(404)
        expect(leaks(r.text, f).filter((s) => s !== KEY)).toEqual([])
      }
    },
    "PUT /api/v1/cases/scripts/:key": async () => {
      const f = await aFixtures(ctx)
      const r = await t.call("PUT", `/api/v1/cases/scripts/${KEY}`, { cookie: b.admin, body: {
        version: 1, name: { ru: "pwned" }, definition: { start: "q", questions: [{ id: "q", kind: "info", text: { ru: "pwned" } }] },
      } })
      expect(r.status).toBe(404)
      await unchanged(f)
    },
    "POST /api/v1/cases/scripts/:key/archive": async () => {
      const f = await aFixtures(ctx)
      expect((await t.call("POST", `/api/v1/cases/scripts/${KEY}/archive`, { cookie: b.admin })).status).toBe(404)
      await unchanged(f)
    },
    "GET /api/v1/cases/:id/script-runs": async () => {
      const f = await aFixtures(ctx)
      const r = await t.call("GET", `/api/v1/cases/${f.case.id}/script-runs`, { cookie: b.admin })
      expect(r.status).toBe(404)
      expect(leaks(r.text, f).filter((s) => s !== f.case.id)).toEqual([])
    },
    "POST /api/v1/cases/:id/script-runs": async () => {
      const f = await aFixtures(ctx)
      expect((await t.call("POST", `/api/v1/cases/${f.case.id}/script-runs`, { cookie: b.admin, body: { scriptKey: KEY } })).status).toBe(404)
      // nor can B run A's script on B's own case
      expect((await t.call("POST", `/api/v1/cases/${f.bCase.id}/script-runs`, { cookie: b.admin, body: { scriptKey: KEY } })).status).toBe(400)
      await unchanged(f)
    },
    "POST /api/v1/cases/:id/script-runs/:runId/answer": async () => {
      const f = await aFixtures(ctx)
      expect((await t.call("POST", runPath(f, "answer"), { cookie: b.admin, body: { questionId: "caller", value: "pwned" } })).status).toBe(404)
      const viaOwnCase = `/api/v1/cases/${f.bCase.id}/script-runs/${f.run.id}/answer`
      expect((await t.call("POST", viaOwnCase, { cookie: b.admin, body: { questionId: "caller", value: "pwned" } })).status).toBe(404)
      await unchanged(f)
    },
    "POST /api/v1/cases/:id/script-runs/:runId/back": async () => {
      const f = await aFixtures(ctx)
      expect((await t.call("POST", runPath(f, "back"), { cookie: b.operator })).status).toBe(404)
      expect((await t.call("POST", `/api/v1/cases/${f.bCase.id}/script-runs/${f.run.id}/back`, { cookie: b.operator })).status).toBe(404)
      await unchanged(f)
    },
    "POST /api/v1/cases/:id/script-runs/:runId/jump": async () => {
      const f = await aFixtures(ctx)
      expect((await t.call("POST", runPath(f, "jump"), { cookie: b.operator, body: { questionId: "vin" } })).status).toBe(404)
      expect((await t.call("POST", `/api/v1/cases/${f.bCase.id}/script-runs/${f.run.id}/jump`, { cookie: b.operator, body: { questionId: "vin" } })).status).toBe(404)
      await unchanged(f)
    },
  }
}
export default cases

/** Tenant isolation of applicants: B finds none of A's by phone, list or id, and cannot change them. */
import { expect } from "bun:test"
import { Applicants, hotlineTemplate } from "@org/cases/server"
import { CurrentActor, loadActor } from "@org/core/server"
import { Effect } from "effect"
import type { IsolationCases, IsolationContext } from "./context"

const PHONE = "+79990001122" // the phone of A's case in the context
const NAME = "A Secret Applicant"
let fixtures: Promise<{ applicant: any }> | undefined

/** A's applicant for the phone of A's case, remembered as a saved case would (once, on first use). */
const aFixtures = ({ t, A, a }: IsolationContext) => (fixtures ??= (async () => {
  const actor = await t.runtime.runPromise(loadActor(A.users.find((u) => u.login === A.logins.operator)!.id, "session"))
  await t.runtime.runPromise(Effect.flatMap(Effect.service(Applicants), (s) => s.remember(hotlineTemplate, PHONE, { full_name: NAME, health_notes: "A secret note" }))
    .pipe(Effect.provideService(CurrentActor, actor!)))
  const applicant = (await t.call("GET", `/api/v1/cases/applicants/lookup?phone=${encodeURIComponent(PHONE)}`, { cookie: a.operator })).json.applicant
  if (!applicant?.id) throw new Error("A's applicant fixture failed")
  return { applicant }
})())

const cases: IsolationCases = (ctx) => {
  const { t, a, b, aCase } = ctx
  const leaks = (body: string, applicant: any) => [applicant.id, NAME, "A secret note", aCase.id, aCase.title, aCase.number].filter((s) => body.includes(s))
  const unchanged = async (applicant: any) => {
    expect((await t.call("GET", `/api/v1/cases/applicants/${applicant.id}`, { cookie: a.operator })).json).toMatchObject({ name: NAME, version: applicant.version })
  }
  return {
    "GET /api/v1/cases/applicants/lookup": async () => {
      const { applicant } = await aFixtures(ctx)
      for (const phone of [PHONE, "89990001122", "+7 (999) 000-11-22"]) {
        const r = await t.call("GET", `/api/v1/cases/applicants/lookup?phone=${encodeURIComponent(phone)}`, { cookie: b.operator })
        expect(r.json).toEqual({ applicant: null, cases: [] })
        expect(leaks(r.text, applicant)).toEqual([])
      }
    },
    "GET /api/v1/cases/applicants": async () => {
      const { applicant } = await aFixtures(ctx)
      for (const q of ["", "?q=Secret", "?q=9990001122", `?cursor=ffffffff-ffff-7fff-bfff-ffffffffffff`]) {
        const r = await t.call("GET", `/api/v1/cases/applicants${q}`, { cookie: b.admin })
        expect(r.status).toBe(200)
        expect(leaks(r.text, applicant)).toEqual([])
      }
    },
    "GET /api/v1/cases/applicants/:applicantId": async () => {
      const { applicant } = await aFixtures(ctx)
      const r = await t.call("GET", `/api/v1/cases/applicants/${applicant.id}`, { cookie: b.admin })
      expect(r.status).toBe(404)
      expect(leaks(r.text, applicant).filter((s) => s !== applicant.id)).toEqual([])
    },
    "PATCH /api/v1/cases/applicants/:applicantId": async () => {
      const { applicant } = await aFixtures(ctx)
      const r = await t.call("PATCH", `/api/v1/cases/applicants/${applicant.id}`, { cookie: b.admin, body: { version: applicant.version, name: "pwned" } })
      expect(r.status).toBe(404)
      await unchanged(applicant)
    },
    "GET /api/v1/cases/:id/applicant": async () => {
      const { applicant } = await aFixtures(ctx)
      const r = await t.call("GET", `/api/v1/cases/${aCase.id}/applicant`, { cookie: b.operator })
      expect(r.status).toBe(404)
      expect(leaks(r.text, applicant).filter((s) => s !== aCase.id)).toEqual([])
      // A sees its applicant on its case
      expect((await t.call("GET", `/api/v1/cases/${aCase.id}/applicant`, { cookie: a.operator })).json.applicant).toMatchObject({ name: NAME })
    },
  }
}
export default cases

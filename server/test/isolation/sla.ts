/**
 * SLA routes: tenant B's admins and operators cannot read or change A's
 * calendars, policies or case clocks, and cannot point their own policy at
 * A's calendar.
 */
import { expect } from "bun:test"
import type { IsolationCases, IsolationContext } from "./context"

const SLA = "/api/v1/cases/sla"
const week = { mon: [["09:00", "18:00"]], tue: [["09:00", "18:00"]] }
const target = [{ priority: "default", firstResponseMinutes: 30, resolutionMinutes: 240 }]

let fixtures: Promise<{ calendar: any; caseId: string }> | undefined
/** A's calendar, an A type with a policy on it, and a case of that type with clocks; made once, on first use. */
const aSla = ({ t, a }: IsolationContext) => (fixtures ??= (async () => {
  const calendar = (await t.call("POST", `${SLA}/calendars`, { cookie: a.admin, body: { name: "A secret calendar", timeZone: "Europe/Moscow", week } })).json
  await t.call("POST", "/api/v1/cases/types/install", { cookie: a.admin, body: { template: "roadside", key: "a_sla_type" } })
  await t.call("PUT", `${SLA}/policies/a_sla_type`, { cookie: a.admin, body: { calendarId: calendar.id, targets: target } })
  const created = await t.call("POST", "/api/v1/cases", {
    cookie: a.operator, body: { title: "A's SLA case", type: "a_sla_type", values: { fault: "Engine", contact_phone: "+79990001133" } },
  })
  expect(created.status).toBe(201)
  const caseId = created.json.id
  // the clocks start after the create commits
  for (let i = 0; i < 250 && (await t.call("GET", `/api/v1/cases/${caseId}/sla`, { cookie: a.operator })).json.resolution === null; i++) await Bun.sleep(20)
  return { calendar, caseId }
})())

const cases: IsolationCases = (ctx) => {
  const { t, a, b } = ctx
  const aCalendar = async () => (await t.call("GET", `${SLA}/calendars`, { cookie: a.admin })).json.items.find((c: any) => c.name === "A secret calendar")
  const aPolicy = async () => (await t.call("GET", `${SLA}/policies`, { cookie: a.admin })).json.items.find((p: any) => p.typeKey === "a_sla_type")
  return {
    "GET /api/v1/cases/sla/calendars": async () => {
      const { calendar } = await aSla(ctx)
      const r = await t.call("GET", `${SLA}/calendars`, { cookie: b.admin })
      expect(r.status).toBe(200)
      expect(r.text).not.toContain(calendar.id)
      expect(r.text).not.toContain("A secret calendar")
    },
    "POST /api/v1/cases/sla/calendars": async () => {
      await aSla(ctx)
      const r = await t.call("POST", `${SLA}/calendars`, { cookie: b.admin, body: { name: "B calendar", timeZone: "Europe/Berlin", week } })
      expect(r.status).toBe(201)
      const aList = (await t.call("GET", `${SLA}/calendars`, { cookie: a.admin })).json.items
      expect(aList.map((c: any) => c.name)).toEqual(["A secret calendar"])
    },
    "PUT /api/v1/cases/sla/calendars/:calendarId": async () => {
      const { calendar } = await aSla(ctx)
      const r = await t.call("PUT", `${SLA}/calendars/${calendar.id}`, { cookie: b.admin, body: { name: "pwned", timeZone: "UTC", week, version: 1 } })
      expect(r.status).toBe(404)
      expect(await aCalendar()).toMatchObject({ name: "A secret calendar", timeZone: "Europe/Moscow", version: 1 })
    },
    "GET /api/v1/cases/sla/policies": async () => {
      await aSla(ctx)
      const r = await t.call("GET", `${SLA}/policies`, { cookie: b.admin })
      expect(r.status).toBe(200)
      expect(r.text).not.toContain("a_sla_type")
    },
    "PUT /api/v1/cases/sla/policies/:typeKey": async () => {
      const { calendar } = await aSla(ctx)
      // A's type is unknown to B
      expect((await t.call("PUT", `${SLA}/policies/a_sla_type`, { cookie: b.admin, body: { calendarId: null, targets: target } })).status).toBe(404)
      // B's own type cannot use A's calendar
      await t.call("POST", "/api/v1/cases/types/install", { cookie: b.admin, body: { template: "hotline", key: "b_sla_type" } })
      const r = await t.call("PUT", `${SLA}/policies/b_sla_type`, { cookie: b.admin, body: { calendarId: calendar.id, targets: target } })
      expect(r.status).toBe(400)
      expect(r.json.fields.map((f: any) => f.path)).toEqual(["calendarId"])
      expect(await aPolicy()).toMatchObject({ calendarId: calendar.id, version: 1, targets: [{ firstResponseMinutes: 30 }] })
    },
    "GET /api/v1/cases/:id/sla": async () => {
      const { caseId } = await aSla(ctx)
      const r = await t.call("GET", `/api/v1/cases/${caseId}/sla`, { cookie: b.operator })
      expect(r.status).toBe(404)
      expect(r.text).not.toContain("a_sla_type")
      const own = (await t.call("GET", `/api/v1/cases/${caseId}/sla`, { cookie: a.operator })).json
      expect(own).toMatchObject({ policy: { typeKey: "a_sla_type" }, firstResponse: { targetMinutes: 30 }, resolution: { targetMinutes: 240 } })
    },
  }
}
export default cases

/**
 * HTTP routes of SLA targets, calendars and breaches, mounted under
 * /api/v1/cases: calendars and policies are for admins; a case's clocks are
 * for anyone who may see the case.
 */
import { type AppEnv, type AppRuntime, type Database, endpoint } from "@org/core/server"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import { CaseSlaDto, SlaCalendarDto, SlaCalendarInput, SlaCalendarUpdate, SlaPolicyDto, SlaPolicyInput } from "./api"
import { CaseSla } from "./service"

const tags = ["sla"]
const admin = ["admin"] as const

const CalendarParams = Schema.Struct({ calendarId: Schema.String.check(Schema.isUUID()) })
const TypeParams = Schema.Struct({ typeKey: Schema.String.check(Schema.isPattern(/^[a-z][a-z0-9_]{0,62}$/)) })
const CaseParams = Schema.Struct({ id: Schema.String.check(Schema.isUUID()) })

const withSla = <A, E, R>(f: (s: CaseSla["Service"]) => Effect.Effect<A, E, R>) => Effect.flatMap(Effect.service(CaseSla), f)

export const makeCaseSlaRoutes = (runtime: AppRuntime<CaseSla | Database>) => {
  const ep = endpoint(runtime)
  return new Hono<AppEnv>()
    .get("/sla/calendars", ep({
      summary: "Business-hours calendars of the tenant", tags, roles: admin, response: Schema.Struct({ items: Schema.Array(SlaCalendarDto) }),
    }, () => withSla((s) => s.listCalendars()).pipe(Effect.map((items) => ({ items })))))
    .post("/sla/calendars", ep({
      summary: "Create a business-hours calendar (IANA time zone, working intervals per weekday, holidays)",
      tags, roles: admin, status: 201, body: SlaCalendarInput, response: SlaCalendarDto,
    }, ({ body }) => withSla((s) => s.createCalendar(body))))
    .put("/sla/calendars/:calendarId", ep({
      summary: "Replace a calendar (409 with currentVersion when `version` is stale)",
      description: "Clocks already running keep the calendar they started with.",
      tags, roles: admin, params: CalendarParams, body: SlaCalendarUpdate, response: SlaCalendarDto,
    }, ({ params, body: { version, ...calendar } }) => withSla((s) => s.updateCalendar(params.calendarId, calendar, version))))
    .get("/sla/policies", ep({
      summary: "SLA policies of the tenant's case types", tags, roles: admin, response: Schema.Struct({ items: Schema.Array(SlaPolicyDto) }),
    }, () => withSla((s) => s.listPolicies()).pipe(Effect.map((items) => ({ items })))))
    .put("/sla/policies/:typeKey", ep({
      summary: "Create or replace the SLA policy of a case type: targets per priority, business-hours calendar",
      description: "A target's priority is \"default\" or a code of the priorities dictionary. Clocks start for cases opened afterwards; running clocks keep their targets.",
      tags, roles: admin, params: TypeParams, body: SlaPolicyInput, response: SlaPolicyDto,
    }, ({ params, body }) => withSla((s) => s.putPolicy(params.typeKey, body))))
    .get("/:id/sla", ep({
      summary: "The case's SLA clocks: first response and resolution, with due times and states",
      tags, params: CaseParams, response: CaseSlaDto,
    }, ({ params }) => withSla((s) => s.forCase(params.id))))
}

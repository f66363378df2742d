/**
 * HTTP routes of partner services inside a case, the case's actions and the
 * hand-off to the back office, mounted under /api/v1/cases (before the cases'
 * own "/:id" routes, so "/services" is not taken for a case id).
 */
import { type AppEnv, type AppRuntime, type Database, endpoint } from "@org/core/server"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import {
  CaseActionDto, CaseActionList, NewCaseAction, NewPartnerService, PartnerServiceChange, PartnerServiceDto, PartnerServiceHandOff,
  PartnerServiceList, PartnerServicePage, PartnerServiceStatus,
} from "./api"
import { PartnerServices } from "./service"

const tags = ["case services"]
const Uuid = Schema.String.check(Schema.isUUID())
const CaseParam = Schema.Struct({ id: Uuid })
const ServiceParams = Schema.Struct({ id: Uuid, serviceId: Uuid })
const ActionParams = Schema.Struct({ id: Uuid, actionId: Uuid })
const QueueQuery = Schema.Struct({
  status: Schema.optional(PartnerServiceStatus),
  kind: Schema.optional(Schema.String.check(Schema.isPattern(/^[^\s\u0000]{1,64}$/))),
  partnerId: Schema.optional(Uuid),
  handedOff: Schema.optional(Schema.Literals(["true", "false"])),
  limit: Schema.optional(Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 200 }))),
  cursor: Schema.optional(Uuid),
})

const withServices = <A, E, R>(f: (s: PartnerServices["Service"]) => Effect.Effect<A, E, R>) => Effect.flatMap(Effect.service(PartnerServices), f)

export const makePartnerServicesRoutes = (runtime: AppRuntime<PartnerServices | Database>) => {
  const ep = endpoint(runtime)
  return new Hono<AppEnv>()
    .get("/services", ep({
      summary: "The back office's queue: services of every case, newest first",
      description: "Filters: status, kind (a service_types code), partnerId, handedOff=true|false. Paged by `cursor` (nextCursor).",
      tags, roles: ["supervisor", "finance"], query: QueueQuery, response: PartnerServicePage,
    }, ({ query }) => withServices((s) => s.queue({
      ...query, limit: query.limit ?? 50, handedOff: query.handedOff === undefined ? undefined : query.handedOff === "true",
    }))))
    .get("/:id/services", ep({ summary: "Partner services of a case, oldest first", tags, params: CaseParam, response: PartnerServiceList },
      ({ params }) => withServices((s) => s.list(params.id)).pipe(Effect.map((items) => ({ items })))))
    .post("/:id/services", ep({
      summary: "Add a partner service to a case (status draft)",
      description: "`kind` is a code of the tenant's service_types dictionary; `partnerId` a live partner of the reference book.",
      tags, params: CaseParam, body: NewPartnerService, status: 201, response: PartnerServiceDto,
    }, ({ params, body }) => withServices((s) => s.create(params.id, body))))
    .patch("/:id/services/:serviceId", ep({
      summary: "Change a service: status, partner, times, costs, comment, satisfaction",
      description: "Status moves draft → ordered → assigned → in_progress → done, any → cancelled (409 move_not_allowed with `allowed`); " +
        "a move records its time (orderedAt, assignedAt, arrivedAt, finishedAt) when not given. 409 stale_version with currentVersion.",
      tags, params: ServiceParams, body: PartnerServiceChange, response: PartnerServiceDto,
    }, ({ params, body }) => withServices((s) => s.update(params.id, params.serviceId, body))))
    .post("/:id/services/:serviceId/back-office", ep({
      summary: "Hand a service to the back office",
      description: "400 validation_failed listing every missing thing (partnerId, orderedAt, customerCost, partnerCost and the case's " +
        "`values.<key>` its type's handOff.requires names), changing nothing; 409 already_handed_off; 409 stale_version. Opens a BACK_OFFICE action.",
      tags, params: ServiceParams, body: PartnerServiceHandOff, response: PartnerServiceDto,
    }, ({ params, body }) => withServices((s) => s.handOff(params.id, params.serviceId, body.version))))
    .get("/:id/actions", ep({ summary: "Actions of a case, oldest first", tags, params: CaseParam, response: CaseActionList },
      ({ params }) => withServices((s) => s.listActions(params.id)).pipe(Effect.map((items) => ({ items })))))
    .post("/:id/actions", ep({
      summary: "Add an action to a case", description: "`kind` is a code of the tenant's action_types dictionary.",
      tags, params: CaseParam, body: NewCaseAction, status: 201, response: CaseActionDto,
    }, ({ params, body }) => withServices((s) => s.createAction(params.id, body))))
    .post("/:id/actions/:actionId/done", ep({ summary: "Mark an action done (a done action stays as it was)", tags, params: ActionParams, response: CaseActionDto },
      ({ params }) => withServices((s) => s.completeAction(params.id, params.actionId))))
}

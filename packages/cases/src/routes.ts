/** /api/v1/cases */
import { type AppEnv, type AppRuntime, type Database, endpoint } from "@org/core/server"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import { CaseChange, CaseDto, CaseMove, NewCase } from "./index"
import { CaseListItemFields } from "./search/api"
import { CaseListQuery } from "./search/params"
import { Cases } from "./cases-service"
import { CaseTypes } from "./case-types-service"
import { makeCaseTypesRoutes } from "./case-types-routes"

const CaseListPage = Schema.Struct({
  items: Schema.Array(Schema.Struct({ ...CaseDto.fields, ...CaseListItemFields })),
  nextCursor: Schema.NullOr(Schema.String),
  total: Schema.Number,
  totalExact: Schema.Boolean,
})
const Id = Schema.Struct({ id: Schema.String.check(Schema.isUUID()) })

export const makeCasesRoutes = (runtime: AppRuntime<Cases | CaseTypes | Database>) => {
  const ep = endpoint(runtime)
  const tags = ["cases"]
  return new Hono<AppEnv>()
    // before "/:id", which would otherwise take "types" for a case id
    .route("/types", makeCaseTypesRoutes(runtime))
    .get("/", ep({
      summary: "List and search cases",
      description: "Filters: period (all | 24h | range with from ≤ createdAt < to), statusGroup (active = open + paused, inactive = resolved), "
        + "type, status, assignee (user id | me | none), attention. `q` matches the number, phones in any format and fragments, names, VIN, plate, "
        + "address, title; misspelt words are corrected. With `q` the best matches come first, then `sort`. Keyset pages (`cursor` = "
        + "`nextCursor`); `total` is exact up to 1 000 and PostgreSQL's estimate beyond (`totalExact` false).",
      tags, query: CaseListQuery, response: CaseListPage,
    }, ({ query }) =>
      Effect.flatMap(Effect.service(Cases), (s) => s.list({ ...query, limit: query.limit ?? 50 }))))
    .post("/", ep({ summary: "Open a case", tags, body: NewCase, status: 201, response: CaseDto }, ({ body }) =>
      Effect.flatMap(Effect.service(Cases), (s) => s.create(body))))
    .get("/:id", ep({ summary: "One case", tags, params: Id, response: CaseDto }, ({ params }) =>
      Effect.flatMap(Effect.service(Cases), (s) => s.get(params.id))))
    .patch("/:id", ep({
      summary: "Change fields, title or flags (409 with currentVersion when `version` is stale)", tags, params: Id, body: CaseChange, response: CaseDto,
    }, ({ params, body }) => Effect.flatMap(Effect.service(Cases), (s) => s.update(params.id, body))))
    .get("/:id/moves", ep({ summary: "The case and the moves the caller may make from its state", tags, params: Id }, ({ params }) =>
      Effect.flatMap(Effect.service(Cases), (s) => s.card(params.id))))
    .post("/:id/moves", ep({
      summary: "Move the case to another state",
      description: "409 move_not_allowed with `allowed` (the states it can move to); 400 listing the fields the move still needs; 409 stale_version.",
      tags, params: Id, body: CaseMove, response: CaseDto,
    }, ({ params, body }) => Effect.flatMap(Effect.service(Cases), (s) => s.move(params.id, body))))
    .get("/:id/journal", ep({ summary: "What happened to the case, oldest first", tags, params: Id }, ({ params }) =>
      Effect.flatMap(Effect.service(Cases), (s) => s.journal(params.id)).pipe(Effect.map((items) => ({ items })))))
    .post("/:id/comments", ep({
      summary: "Add a comment to the case journal", tags, params: Id, status: 204,
      body: Schema.Struct({ text: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(5000)) }),
    }, ({ params, body }) => Effect.flatMap(Effect.service(Cases), (s) => s.comment(params.id, body.text))))
}

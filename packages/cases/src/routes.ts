/** /api/v1/cases */
import { type AppEnv, type AppRuntime, type Database, endpoint } from "@org/core/server"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import { CaseDto, CasePage, NewCase } from "./index"
import { Cases } from "./cases-service"
import { CaseTypes } from "./case-types-service"
import { makeCaseTypesRoutes } from "./case-types-routes"

const ListQuery = Schema.Struct({
  limit: Schema.optional(Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 200 }))),
  cursor: Schema.optional(Schema.String.check(Schema.isUUID())),
})
const Id = Schema.Struct({ id: Schema.String.check(Schema.isUUID()) })

export const makeCasesRoutes = (runtime: AppRuntime<Cases | CaseTypes | Database>) => {
  const ep = endpoint(runtime)
  const tags = ["cases"]
  return new Hono<AppEnv>()
    // before "/:id", which would otherwise take "types" for a case id
    .route("/types", makeCaseTypesRoutes(runtime))
    .get("/", ep({ summary: "List cases, newest first", tags, query: ListQuery, response: CasePage }, ({ query }) =>
      Effect.flatMap(Effect.service(Cases), (s) => s.list({ limit: query.limit ?? 50, cursor: query.cursor }))))
    .post("/", ep({ summary: "Open a case", tags, body: NewCase, status: 201, response: CaseDto }, ({ body }) =>
      Effect.flatMap(Effect.service(Cases), (s) => s.create(body))))
    .get("/:id", ep({ summary: "One case", tags, params: Id, response: CaseDto }, ({ params }) =>
      Effect.flatMap(Effect.service(Cases), (s) => s.get(params.id))))
}

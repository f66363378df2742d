/** /api/v1/cases/types — a tenant's case types (mounted inside the cases routes). */
import { type AppEnv, type AppRuntime, type Database, endpoint } from "@org/core/server"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import { CaseTypes, CaseTypeSummary } from "./case-types-service"
import { CaseTypeDef, caseTypeTemplates } from "./types"

const KeyParam = Schema.Struct({ key: Schema.String.check(Schema.isPattern(/^[a-z][a-z0-9_]{0,62}$/)) })
const Key = KeyParam.fields.key
const Version = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))
const tags = ["case types"]

const withTypes = <A, E, R>(f: (s: CaseTypes["Service"]) => Effect.Effect<A, E, R>) => Effect.flatMap(Effect.service(CaseTypes), f)

export const makeCaseTypesRoutes = (runtime: AppRuntime<CaseTypes | Database>) => {
  const ep = endpoint(runtime)
  return new Hono<AppEnv>()
    .get("/", ep({
      summary: "Case types of the tenant, and the templates that can be installed", tags,
      response: Schema.Struct({ items: Schema.Array(CaseTypeSummary), templates: Schema.Array(Schema.Struct({ key: Schema.String, name: Schema.Unknown })) }),
    }, () => withTypes((s) => s.list()).pipe(Effect.map((items) => ({
      items, templates: caseTypeTemplates.map((t) => ({ key: t.key, name: t.name })),
    })))))
    .post("/install", ep({
      summary: "Install a template as a case type of the tenant", tags, roles: ["admin"], status: 201,
      body: Schema.Struct({ template: Schema.String, key: Schema.optional(Key) }), response: CaseTypeSummary,
    }, ({ body }) => withTypes((s) => s.install(body.template, body.key))))
    .post("/", ep({
      summary: "Create a case type from a full definition", tags, roles: ["admin"], status: 201, body: CaseTypeDef, response: CaseTypeSummary,
    }, ({ body }) => withTypes((s) => s.create(body))))
    .get("/:key", ep({ summary: "A case type with its definition", tags, params: KeyParam }, ({ params }) =>
      withTypes((s) => s.get(params.key))))
    .put("/:key", ep({
      summary: "Save a new definition (409 with currentVersion when `version` is stale)", tags, roles: ["admin"], params: KeyParam,
      body: Schema.Struct({ definition: CaseTypeDef, version: Version }),
    }, ({ params, body }) => withTypes((s) => s.save(params.key, body.definition, body.version))))
    .post("/:key/archive", ep({ summary: "Archive a case type (no new cases of it)", tags, roles: ["admin"], params: KeyParam, status: 204 },
      ({ params }) => withTypes((s) => s.setArchived(params.key, true))))
    .post("/:key/restore", ep({ summary: "Restore an archived case type", tags, roles: ["admin"], params: KeyParam, status: 204 },
      ({ params }) => withTypes((s) => s.setArchived(params.key, false))))
    .get("/:key/versions/:version", ep({
      summary: "A case type's definition at a saved version", tags,
      params: Schema.Struct({ key: Key, version: Schema.NumberFromString.check(Schema.isInt(), Schema.isGreaterThanOrEqualTo(1)) }),
    }, ({ params }) => withTypes((s) => s.atVersion(params.key, params.version))))
}

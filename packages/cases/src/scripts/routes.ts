/**
 * HTTP routes of questionnaire scripts, mounted under /api/v1/cases: the
 * scripts (admins edit, everyone reads) and their runs on a case.
 */
import { type AppEnv, type AppRuntime, type Database, endpoint } from "@org/core/server"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import { CaseDto } from "../index"
import { NewScript, NewScriptRun, ScriptAnswer, ScriptDto, ScriptInstall, ScriptJump, ScriptKey, ScriptRunDto, ScriptUpdate } from "./api"
import { CaseScripts } from "./service"

const tags = ["scripts"]
const KeyParam = Schema.Struct({ key: ScriptKey })
const Uuid = Schema.String.check(Schema.isUUID())
const CaseParam = Schema.Struct({ id: Uuid })
const RunParams = Schema.Struct({ id: Uuid, runId: Uuid })
const Items = <S extends Schema.Top>(item: S) => Schema.Struct({ items: Schema.Array(item) })

const withScripts = <A, E, R>(f: (s: CaseScripts["Service"]) => Effect.Effect<A, E, R>) => Effect.flatMap(Effect.service(CaseScripts), f)
const items = <A>(list: readonly A[]) => ({ items: list })

export const makeCaseScriptsRoutes = (runtime: AppRuntime<CaseScripts | Database>) => {
  const ep = endpoint(runtime)
  return new Hono<AppEnv>()
    .get("/scripts", ep({
      summary: "Questionnaire scripts of the tenant by key; `type` keeps those of one case type", tags,
      query: Schema.Struct({ type: Schema.optional(ScriptKey), includeArchived: Schema.optional(Schema.Literals(["true", "false"])) }),
      response: Items(ScriptDto),
    }, ({ query }) => withScripts((s) => s.list({ type: query.type, includeArchived: query.includeArchived === "true" })).pipe(Effect.map(items))))
    .post("/scripts", ep({
      summary: "Create a script for a case type",
      description: "400 with the paths of every problem (definition.questions.3.options.1.next …); 409 when the key is taken.",
      tags, roles: ["admin"], status: 201, body: NewScript, response: ScriptDto,
    }, ({ body }) => withScripts((s) => s.create(body))))
    .post("/scripts/install", ep({
      summary: "Install a template script (roadside_intake, hotline_intake) for a case type of the tenant (400 when the type is missing)",
      tags, roles: ["admin"], status: 201, body: ScriptInstall, response: ScriptDto,
    }, ({ body }) => withScripts((s) => s.install(body.template, { typeKey: body.typeKey, key: body.key }))))
    .get("/scripts/:key", ep({
      summary: "A script as it is now, or at a saved `version`", tags, params: KeyParam,
      query: Schema.Struct({ version: Schema.optional(Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 1_000_000 }))) }),
      response: ScriptDto,
    }, ({ params, query }) => withScripts((s) => s.get(params.key, query.version))))
    .put("/scripts/:key", ep({
      summary: "Save a new version of a script (409 with currentVersion when `version` is stale)", tags, roles: ["admin"],
      params: KeyParam, body: ScriptUpdate, response: ScriptDto,
    }, ({ params, body }) => withScripts((s) => s.save(params.key, body))))
    .post("/scripts/:key/archive", ep({
      summary: "Archive a script (no new runs; started runs go on)", tags, roles: ["admin"], params: KeyParam, status: 204,
    }, ({ params }) => withScripts((s) => s.archive(params.key))))
    .get("/:id/script-runs", ep({
      summary: "Script runs of a case, newest first", tags, params: CaseParam, response: Items(ScriptRunDto),
    }, ({ params }) => withScripts((s) => s.runs(params.id)).pipe(Effect.map(items))))
    .post("/:id/script-runs", ep({
      summary: "Start a script on a case of its type", tags, params: CaseParam, status: 201, body: NewScriptRun, response: ScriptRunDto,
    }, ({ params, body }) => withScripts((s) => s.start(params.id, body.scriptKey))))
    .post("/:id/script-runs/:runId/answer", ep({
      summary: "Answer the current question: checked by the kind of the field it is written to, written into the case, then the next question",
      description: "400 with fields[{path: \"value\"}] for a bad answer (nothing is saved); 409 not_current_question (with `current`) or run_finished.",
      tags, params: RunParams, body: ScriptAnswer, response: Schema.Struct({ run: ScriptRunDto, case: CaseDto }),
    }, ({ params, body }) => withScripts((s) => s.answer(params.id, params.runId, body.questionId, body.value))))
    .post("/:id/script-runs/:runId/back", ep({
      summary: "Back to the previous question (409 no_previous_question at the first)", tags, params: RunParams, response: ScriptRunDto,
    }, ({ params }) => withScripts((s) => s.back(params.id, params.runId))))
    .post("/:id/script-runs/:runId/jump", ep({
      summary: "Go to any question of the script", tags, params: RunParams, body: ScriptJump, response: ScriptRunDto,
    }, ({ params, body }) => withScripts((s) => s.jump(params.id, params.runId, body.questionId))))
}

/** /api/v1/audit: the tenant's audit trail, for admins. */
import { Schema } from "effect"
import { Hono } from "hono"
import { listAudit } from "../audit"
import type { Database } from "../database"
import { endpoint } from "./endpoint"
import type { AppEnv, AppRuntime } from "./env"

export const makeAuditRoutes = (runtime: AppRuntime<Database>) =>
  new Hono<AppEnv>().get("/", endpoint(runtime)({
    summary: "Audit trail of the tenant, newest first",
    tags: ["audit"],
    roles: ["admin"],
    query: Schema.Struct({
      limit: Schema.optional(Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 500 }))),
      before: Schema.optional(Schema.String.check(Schema.isUUID())),
    }),
  }, ({ query }) => listAudit({ limit: query.limit ?? 100, before: query.before })))

/** HTTP routes of case search upkeep, mounted under /api/v1/cases (the list and its search are GET /api/v1/cases). */
import { type AppEnv, type AppRuntime, type Database, endpoint } from "@org/core/server"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import { CaseSearch } from "./service"

export const makeCaseSearchRoutes = (runtime: AppRuntime<CaseSearch | Database>) => {
  const ep = endpoint(runtime)
  return new Hono<AppEnv>()
    .post("/search/reindex", ep({
      summary: "Rebuild the search documents of the tenant's cases",
      description: "For after dictionary items were renamed: documents keep the labels they were saved with. Versions and times do not change.",
      tags: ["cases"], roles: ["admin"], response: Schema.Struct({ scanned: Schema.Number, updated: Schema.Number }),
    }, () => Effect.flatMap(Effect.service(CaseSearch), (s) => s.reindex())))
}

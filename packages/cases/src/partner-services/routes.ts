/** HTTP routes of partner services inside a case and the hand-off to back office, mounted under /api/v1/cases. */
import type { AppEnv, AppRuntime } from "@org/core/server"
import { Hono } from "hono"

export const makePartnerServicesRoutes = (_runtime: AppRuntime<any>) => new Hono<AppEnv>()

/** HTTP routes of the case desk's analytics, mounted under /api/v1/cases. */
import type { AppEnv, AppRuntime } from "@org/core/server"
import { Hono } from "hono"

export const makeCaseAnalyticsRoutes = (_runtime: AppRuntime<any>) => new Hono<AppEnv>()

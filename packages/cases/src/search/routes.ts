/** HTTP routes of case search, mounted under /api/v1/cases. */
import type { AppEnv, AppRuntime } from "@org/core/server"
import { Hono } from "hono"

export const makeCaseSearchRoutes = (_runtime: AppRuntime<any>) => new Hono<AppEnv>()

/** HTTP routes of questionnaire scripts, mounted under /api/v1/cases. */
import type { AppEnv, AppRuntime } from "@org/core/server"
import { Hono } from "hono"

export const makeCaseScriptsRoutes = (_runtime: AppRuntime<any>) => new Hono<AppEnv>()

/** HTTP routes of applicants recognised by phone, mounted under /api/v1/cases. */
import type { AppEnv, AppRuntime } from "@org/core/server"
import { Hono } from "hono"

export const makeApplicantsRoutes = (_runtime: AppRuntime<any>) => new Hono<AppEnv>()

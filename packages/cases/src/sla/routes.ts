/** HTTP routes of SLA targets, calendars and breaches, mounted under /api/v1/cases. */
import type { AppEnv, AppRuntime } from "@org/core/server"
import { Hono } from "hono"

export const makeCaseSlaRoutes = (_runtime: AppRuntime<any>) => new Hono<AppEnv>()

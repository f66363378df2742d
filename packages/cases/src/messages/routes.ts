/** HTTP routes of messages to the applicant, mounted under /api/v1/cases. */
import type { AppEnv, AppRuntime } from "@org/core/server"
import { Hono } from "hono"

export const makeCaseMessagesRoutes = (_runtime: AppRuntime<any>) => new Hono<AppEnv>()

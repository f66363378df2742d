/** HTTP routes of journal attachments, mounted under /api/v1/cases. */
import type { AppEnv, AppRuntime } from "@org/core/server"
import { Hono } from "hono"

export const makeCaseAttachmentsRoutes = (_runtime: AppRuntime<any>) => new Hono<AppEnv>()

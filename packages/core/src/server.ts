/**
 * @org/core/server — services, layers and routes for the server side.
 */
import { fileURLToPath } from "node:url"
import type { MigrationSet } from "./migrations"

export * from "./index"
export { Database, CurrentTx, useDb, transaction, toDatabaseError, sql, type Db, type DatabaseConfig, type DatabaseShape } from "./database"
export { runMigrations, readMigrations, MigrationError, type MigrationSet } from "./migrations"
export { EventBus, canSee, type EventBusShape, type Listener } from "./event-bus"
export { recordAudit, listAudit } from "./audit"
export { toPage, type Page } from "./paging"
export { PasswordHasher, Password, type PasswordHasherShape } from "./auth/password-hasher"
export { WidgetTokens, resolveWidgetToken, WIDGET_TOKEN_TTL } from "./auth/widget-tokens"
export { login, resolveSession, revokeSession, listSessions, SESSION_TTL } from "./auth/sessions"
export { THROTTLE } from "./auth/throttle"
export { createApiKey, resolveApiKey, revokeApiKey, API_KEY_PREFIX } from "./auth/api-keys"
export { createInvitation, acceptInvitation } from "./auth/invitations"
export { loadActor, tenantDto, userDto } from "./auth/users"
export { createTenant, tenantCount, findTenantBySlug, type NewUser } from "./tenants"
export { endpoint, documented, ENDPOINT_DOC, type EndpointSpec, type EndpointInput } from "./http/endpoint"
export { authenticate } from "./http/authenticate"
export { buildOpenApi } from "./http/openapi"
export { makeAuthRoutes, type AuthRoutesOptions } from "./http/auth-routes"
export { makeAuditRoutes } from "./http/audit-routes"
export { problemResponse, errorResponse, problemFor, langOf } from "./http/respond"
export { type AppEnv, type AppRuntime, SESSION_COOKIE } from "./http/env"
export * as coreTables from "./db/schema"
export * from "./files"

/** The core schema's migrations, applied before every other package's. */
export const coreMigrations: MigrationSet = {
  package: "core",
  folder: fileURLToPath(new URL("../drizzle", import.meta.url)),
}

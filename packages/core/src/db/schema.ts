/** Tables of the `core` Postgres schema: tenants, people, sessions, keys, audit, outbox. */
import { sql } from "drizzle-orm"
import { bigserial, boolean, index, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core"

export const core = pgSchema("core")

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow()

export const tenants = core.table("tenants", {
  id: uuid("id").primaryKey(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  timeZone: text("time_zone").notNull().default("Europe/Moscow"),
  createdAt: createdAt(),
})

export const users = core.table("users", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
  login: text("login").notNull(),
  name: text("name").notNull(),
  email: text("email"),
  passwordHash: text("password_hash"),
  roles: text("roles").array().notNull().default(sql`'{}'::text[]`),
  disabled: boolean("disabled").notNull().default(false),
  createdAt: createdAt(),
  passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }),
}, (t) => [
  // Logins are unique across tenants so that the login form needs no tenant picker.
  uniqueIndex("users_login_key").on(sql`lower(${t.login})`),
  index("users_tenant_idx").on(t.tenantId),
])

export const groups = core.table("groups", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
  name: text("name").notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex("groups_tenant_name_key").on(t.tenantId, t.name)])

export const userGroups = core.table("user_groups", {
  tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
  userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  groupId: uuid("group_id").notNull().references(() => groups.id, { onDelete: "cascade" }),
}, (t) => [primaryKey({ columns: [t.userId, t.groupId] })])

export const sessions = core.table("sessions", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
  userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  tokenHash: text("token_hash").notNull().unique(),
  remember: boolean("remember").notNull(),
  ip: text("ip"),
  userAgent: text("user_agent"),
  createdAt: createdAt(),
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
}, (t) => [index("sessions_user_idx").on(t.userId)])

export const loginAttempts = core.table("login_attempts", {
  seq: bigserial("seq", { mode: "number" }).primaryKey(),
  login: text("login").notNull(),
  ip: text("ip").notNull(),
  success: boolean("success").notNull(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index("login_attempts_login_idx").on(t.login, t.at), index("login_attempts_ip_idx").on(t.ip, t.at)])

export const invitations = core.table("invitations", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
  login: text("login").notNull(),
  name: text("name").notNull(),
  email: text("email"),
  roles: text("roles").array().notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  createdBy: uuid("created_by"),
  createdAt: createdAt(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  acceptedAt: timestamp("accepted_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
})

export const apiKeys = core.table("api_keys", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
  name: text("name").notNull(),
  /** the first characters of the key, shown in lists so people can tell keys apart */
  prefix: text("prefix").notNull(),
  secretHash: text("secret_hash").notNull().unique(),
  roles: text("roles").array().notNull(),
  createdBy: uuid("created_by"),
  createdAt: createdAt(),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
})

/** Installation-wide secrets (the widget-token signing key), generated on first start. */
export const secrets = core.table("secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
})

export const auditLog = core.table("audit_log", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull().references(() => tenants.id),
  actorId: uuid("actor_id"),
  actorLogin: text("actor_login").notNull(),
  action: text("action").notNull(),
  entity: text("entity").notNull(),
  entityId: text("entity_id"),
  data: jsonb("data"),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index("audit_log_tenant_at_idx").on(t.tenantId, t.at)])

/** Transactional outbox: a row commits with the change it describes, or not at all. */
export const outbox = core.table("outbox", {
  seq: bigserial("seq", { mode: "number" }).primaryKey(),
  id: uuid("id").notNull().unique(),
  tenantId: uuid("tenant_id").notNull(),
  topic: text("topic").notNull(),
  payload: jsonb("payload").notNull(),
  actorId: uuid("actor_id"),
  audience: jsonb("audience"),
  occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index("outbox_tenant_seq_idx").on(t.tenantId, t.seq)])

/**
 * Tables of the `telephony` schema: each tenant's SIP domain (the digest realm,
 * and how a SIP request names its tenant), SIP accounts (passwords kept only as
 * digest HA1), extensions that ring their members in parallel, call records,
 * and the installation's SIP secrets.
 */
import { sql } from "drizzle-orm"
import { boolean, doublePrecision, index, integer, jsonb, pgSchema, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core"

export const telephonySchema = pgSchema("telephony")

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow()
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow()

/** One SIP domain per tenant (`<slug>.sip.local` unless set otherwise): the host of its URIs and its digest realm. */
export const tenantDomains = telephonySchema.table("tenant_domains", {
  tenantId: uuid("tenant_id").primaryKey(),
  /** lower case */
  domain: text("domain").notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex("tenant_domains_domain_key").on(t.domain)])

export const sipAccounts = telephonySchema.table("sip_accounts", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  /** the user part of the AOR and the digest username; case-sensitive, unique per tenant whatever the case */
  username: text("username").notNull(),
  /** the realm the HA1 values were computed for (the tenant's domain when the password was set) */
  realm: text("realm").notNull(),
  /** H(username:realm:password), hex: the password itself is never stored */
  ha1Md5: text("ha1_md5").notNull(),
  ha1Sha256: text("ha1_sha256").notNull(),
  /** who the account is, shown as the display name (phones, softphone, call records) */
  comment: text("comment"),
  blocked: boolean("blocked").notNull().default(false),
  /** most simultaneous calls, ringing ones included; null: no limit */
  callLimit: integer("call_limit"),
  /** the platform user whose softphone uses this account (GET /me/sip) */
  userId: uuid("user_id"),
  version: integer("version").notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex("sip_accounts_tenant_username_key").on(t.tenantId, sql`lower(${t.username})`),
  uniqueIndex("sip_accounts_tenant_user_key").on(t.tenantId, t.userId).where(sql`${t.userId} is not null`),
  index("sip_accounts_tenant_username_idx").on(t.tenantId, t.username),
])

export const extensions = telephonySchema.table("extensions", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  /** the number dialled, e.g. "100"; unique per tenant */
  number: text("number").notNull(),
  name: text("name"),
  /** SIP account ids, rung in parallel */
  members: uuid("members").array().notNull().default(sql`'{}'::uuid[]`),
  version: integer("version").notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex("extensions_tenant_number_key").on(t.tenantId, t.number)])

/** A call record (CDR): every field of the SIP core's `CallRecord`, with the accounts' display names of the time. */
export const callRecords = telephonySchema.table("call_records", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  callId: text("call_id").notNull(),
  fromTag: text("from_tag").notNull(),
  fromUser: text("from_user").notNull(),
  fromDisplayName: text("from_display_name"),
  fromUri: text("from_uri").notNull(),
  toUser: text("to_user").notNull(),
  toDisplayName: text("to_display_name"),
  toUri: text("to_uri").notNull(),
  callerAccountId: uuid("caller_account_id"),
  calleeAccountId: uuid("callee_account_id"),
  targetAccountIds: uuid("target_account_ids").array().notNull().default(sql`'{}'::uuid[]`),
  /** the comments (display names) of the caller's and the callee's accounts when the call ended */
  callerName: text("caller_name"),
  calleeName: text("callee_name"),
  direction: text("direction").$type<"internal" | "inbound" | "outbound">().notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
  ringingAt: timestamp("ringing_at", { withTimezone: true }),
  answeredAt: timestamp("answered_at", { withTimezone: true }),
  endedAt: timestamp("ended_at", { withTimezone: true }).notNull(),
  ringSeconds: doublePrecision("ring_seconds").notNull(),
  talkSeconds: doublePrecision("talk_seconds").notNull(),
  disposition: text("disposition").$type<"answered" | "missed" | "busy" | "failed" | "cancelled">().notNull(),
  status: smallint("status").notNull(),
  reason: text("reason"),
  hangup: text("hangup").$type<"caller" | "callee" | "system">().notNull(),
  transfers: jsonb("transfers").$type<unknown[]>().notNull().default([]),
  referredBy: text("referred_by"),
  replacesCallId: text("replaces_call_id"),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex("call_records_tenant_call_key").on(t.tenantId, t.callId, t.fromTag),
  index("call_records_tenant_started_idx").on(t.tenantId, t.startedAt, t.id),
  index("call_records_caller_idx").on(t.tenantId, t.callerAccountId, t.startedAt),
  index("call_records_callee_idx").on(t.tenantId, t.calleeAccountId, t.startedAt),
  index("call_records_targets_idx").using("gin", t.targetAccountIds),
])

/** Installation-wide SIP secrets (nonce key, softphone token key), generated on first start, shared by every instance. */
export const secrets = telephonySchema.table("secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
})

export type SipAccountRow = typeof sipAccounts.$inferSelect
export type ExtensionRow = typeof extensions.$inferSelect
export type CallRecordRow = typeof callRecords.$inferSelect

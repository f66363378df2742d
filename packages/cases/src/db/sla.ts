/**
 * SLA tables of the case desk: business-hours calendars, the policy of each
 * case type (targets per priority), and the clocks of each case. A clock row
 * keeps the policy it started with (targets and calendar), so editing a
 * policy or a calendar never moves the deadlines of clocks already running.
 */
import { sql } from "drizzle-orm"
import { doublePrecision, index, integer, jsonb, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core"
import type { BusinessCalendar, SlaInterval, SlaWeekday } from "../sla/business-time"
import { cases, casesSchema } from "./schema"

export type SlaWeek = Record<SlaWeekday, SlaInterval[]>

/** A target of a policy: minutes for one priority ("default" when none matches). */
export interface SlaTargetRow {
  priority: string
  firstResponseMinutes: number
  resolutionMinutes: number
  warnAtPercent: number
}

/** What a clock keeps of its policy: the target it follows and the calendar it counts in (null: 24/7). */
export interface SlaClockPolicy {
  typeKey: string
  /** the priority whose target applies */
  priority: string
  targetMinutes: number
  warnAtPercent: number
  calendar: (BusinessCalendar & { id: string; version: number }) | null
}

const tz = (name: string) => timestamp(name, { withTimezone: true })

export const slaCalendars = casesSchema.table("sla_calendars", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  name: text("name").notNull(),
  timeZone: text("time_zone").notNull(),
  week: jsonb("week").$type<SlaWeek>().notNull(),
  /** local dates YYYY-MM-DD, sorted */
  holidays: text("holidays").array().notNull().default(sql`'{}'::text[]`),
  version: integer("version").notNull().default(1),
  createdAt: tz("created_at").notNull().defaultNow(),
  updatedAt: tz("updated_at").notNull().defaultNow(),
}, (t) => [index("sla_calendars_tenant_name_idx").on(t.tenantId, t.name)])

export const slaPolicies = casesSchema.table("sla_policies", {
  tenantId: uuid("tenant_id").notNull(),
  typeKey: text("type_key").notNull(),
  calendarId: uuid("calendar_id").references(() => slaCalendars.id),
  targets: jsonb("targets").$type<SlaTargetRow[]>().notNull(),
  version: integer("version").notNull().default(1),
  /** clocks start only for cases opened after the type had a policy */
  createdAt: tz("created_at").notNull().defaultNow(),
  updatedAt: tz("updated_at").notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.typeKey] })])

export const slaClocks = casesSchema.table("sla_clocks", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id").notNull(),
  caseId: uuid("case_id").notNull().references(() => cases.id, { onDelete: "cascade" }),
  /** the case's people-facing number, for the warning and breach events */
  caseNumber: text("case_number").notNull(),
  /** "first_response" | "resolution" */
  kind: text("kind").notNull(),
  /** when this run of the clock started (the case's creation; a reopening restarts the resolution clock) */
  startedAt: tz("started_at").notNull(),
  /** deadline and warning time, recomputed when a pause ends */
  dueAt: tz("due_at").notNull(),
  warnAt: tz("warn_at").notNull(),
  pausedSince: tz("paused_since"),
  /** business minutes spent paused in finished pauses */
  pausedMinutes: doublePrecision("paused_minutes").notNull().default(0),
  metAt: tz("met_at"),
  warnedAt: tz("warned_at"),
  breachedAt: tz("breached_at"),
  /** the time of the last case move applied: older (or repeated) moves are ignored */
  stateAt: tz("state_at").notNull(),
  policy: jsonb("policy").$type<SlaClockPolicy>().notNull(),
  createdAt: tz("created_at").notNull().defaultNow(),
}, (t) => [
  uniqueIndex("sla_clocks_case_kind_key").on(t.caseId, t.kind),
  index("sla_clocks_tenant_case_idx").on(t.tenantId, t.caseId),
  // What the sweeper scans: running clocks by their next warning and deadline.
  index("sla_clocks_warn_idx").on(t.warnAt).where(sql`warned_at is null and met_at is null and paused_since is null`),
  index("sla_clocks_due_idx").on(t.dueAt).where(sql`breached_at is null and met_at is null and paused_since is null`),
])

/** Users of a tenant: reading them as actors and as people-facing records. */
import { and, eq, inArray, sql } from "drizzle-orm"
import { Effect } from "effect"
import type { Actor, Role } from "../actor"
import { useDb } from "../database"
import { groups, tenants, userGroups, users } from "../db/schema"

export interface UserDto {
  id: string
  login: string
  name: string
  email: string | null
  roles: Role[]
  groups: { id: string; name: string }[]
  disabled: boolean
  tenant: { id: string; name: string; timeZone: string }
}

export const findUserByLogin = (login: string) =>
  useDb((db) => db.select().from(users).where(eq(sql`lower(${users.login})`, login.toLowerCase()))).pipe(
    Effect.map((rows) => rows[0]),
  )

/** Loads the user as an actor, or undefined when unknown or disabled. */
export const loadActor = (userId: string, via: Actor["via"], sessionId?: string) =>
  useDb(async (db) => {
    const [u] = await db.select().from(users).where(eq(users.id, userId))
    if (!u || u.disabled) return undefined
    const gs = await db.select({ id: userGroups.groupId }).from(userGroups).where(eq(userGroups.userId, userId))
    const actor: Actor = {
      tenantId: u.tenantId,
      userId: u.id,
      login: u.login,
      roles: u.roles as Role[],
      groups: gs.map((g) => g.id),
      via,
      ...(sessionId ? { sessionId } : {}),
    }
    return actor
  })

export const userDto = (userId: string, tenantId: string) =>
  useDb(async (db): Promise<UserDto | undefined> => {
    const [row] = await db
      .select({ u: users, t: tenants })
      .from(users)
      .innerJoin(tenants, eq(tenants.id, users.tenantId))
      .where(and(eq(users.id, userId), eq(users.tenantId, tenantId)))
    if (!row) return undefined
    const gs = await db
      .select({ id: groups.id, name: groups.name })
      .from(userGroups)
      .innerJoin(groups, eq(groups.id, userGroups.groupId))
      .where(eq(userGroups.userId, userId))
    return {
      id: row.u.id,
      login: row.u.login,
      name: row.u.name,
      email: row.u.email,
      roles: row.u.roles as Role[],
      groups: gs,
      disabled: row.u.disabled,
      tenant: { id: row.t.id, name: row.t.name, timeZone: row.t.timeZone },
    }
  })

export const listUsers = (tenantId: string) =>
  useDb(async (db) => {
    const rows = await db.select().from(users).where(eq(users.tenantId, tenantId)).orderBy(users.login)
    const ids = rows.map((r) => r.id)
    const memberships = ids.length
      ? await db.select().from(userGroups).where(inArray(userGroups.userId, ids))
      : []
    return rows.map((u) => ({
      id: u.id,
      login: u.login,
      name: u.name,
      email: u.email,
      roles: u.roles as Role[],
      groupIds: memberships.filter((m) => m.userId === u.id).map((m) => m.groupId),
      disabled: u.disabled,
      createdAt: new Date(u.createdAt).toISOString(),
    }))
  })

/** A tenant's public facts; other packages read these instead of core's tables (the slug names its SIP domain). */
export const tenantDto = (tenantId: string) =>
  useDb((db) => db.select({ id: tenants.id, name: tenants.name, slug: tenants.slug, timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.id, tenantId))).pipe(
    Effect.map((rows) => rows[0]),
  )

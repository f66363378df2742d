/** Provisioning of tenants and their first users (demo seed, tests, admin tooling). */
import { eq } from "drizzle-orm"
import { Effect } from "effect"
import { v7 as uuidv7 } from "uuid"
import type { Role } from "./actor"
import { PasswordHasher } from "./auth/password-hasher"
import { transaction, useDb } from "./database"
import { groups, tenants, userGroups, users } from "./db/schema"

export interface NewUser {
  login: string
  name: string
  password: string
  roles: Role[]
  groups?: string[]
  email?: string
}

export const createTenant = Effect.fn("Tenants.create")(function* (input: {
  name: string
  slug: string
  timeZone?: string
  groups?: string[]
  users: NewUser[]
}) {
  const hasher = yield* PasswordHasher
  const hashes = yield* Effect.promise(() => Promise.all(input.users.map((u) => hasher.hash(u.password))))
  return yield* transaction(Effect.gen(function* () {
    const tenantId = uuidv7()
    yield* useDb((db) => db.insert(tenants).values({ id: tenantId, name: input.name, slug: input.slug, timeZone: input.timeZone ?? "Europe/Moscow" }))
    const groupIds = new Map<string, string>()
    for (const name of input.groups ?? []) {
      const id = uuidv7()
      groupIds.set(name, id)
      yield* useDb((db) => db.insert(groups).values({ id, tenantId, name }))
    }
    const created: { id: string; login: string }[] = []
    for (const [i, u] of input.users.entries()) {
      const id = uuidv7()
      yield* useDb((db) =>
        db.insert(users).values({ id, tenantId, login: u.login, name: u.name, email: u.email ?? null, roles: u.roles, passwordHash: hashes[i], passwordChangedAt: new Date() }),
      )
      for (const g of u.groups ?? []) {
        const groupId = groupIds.get(g)
        if (groupId) yield* useDb((db) => db.insert(userGroups).values({ tenantId, userId: id, groupId }))
      }
      created.push({ id, login: u.login })
    }
    return { tenantId, users: created, groups: Object.fromEntries(groupIds) }
  }))
})

export const tenantCount = useDb((db) => db.$count(tenants))

export const findTenantBySlug = (slug: string) =>
  useDb((db) => db.select().from(tenants).where(eq(tenants.slug, slug))).pipe(Effect.map((r) => r[0]))

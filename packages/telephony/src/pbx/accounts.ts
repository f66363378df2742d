/**
 * The `SipAccounts` service: a tenant's SIP accounts. Passwords are given or
 * generated, shown once, and kept only as digest HA1 (MD5 and SHA-256) for the
 * tenant's realm. Every change is audited, versioned, published
 * (`sip.account.changed`, for admins) and empties the SIP side's cache at
 * once: a blocked account's next REGISTER or call gets 403.
 */
import {
  Conflict, CurrentActor, DomainRejection, EventBus, NotFound, recordAudit, toPage, transaction, useDb, userDto,
} from "@org/core/server"
import { and, asc, eq, ilike, or, sql, type SQL } from "drizzle-orm"
import { Context, Effect, Layer } from "effect"
import { randomInt } from "node:crypto"
import { v7 as uuidv7 } from "uuid"
import type { NewSipAccount, SipAccountChange, SipAccountDto, SipAccountWithPassword } from "../api"
import { extensions, type SipAccountRow, sipAccounts } from "../db/schema"
import { sipAccountChanged, type SipAccountChangeKind } from "../events"
import { computeHa1 } from "../registrar/digest"
import { SipDirectory } from "./directory"
import { ADMINS, conflictOn, invalid, iso, isUuid } from "./shared"

export const MAX_ACCOUNT_PAGE = 200

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
/** 20 characters of an unambiguous alphabet: about 116 bits. */
export const generateSipPassword = () => Array.from({ length: 20 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("")

export const toAccountDto = (r: SipAccountRow, domain: string): SipAccountDto => ({
  id: r.id, username: r.username, domain, uri: `sip:${r.username}@${domain}`, comment: r.comment, blocked: r.blocked,
  callLimit: r.callLimit, userId: r.userId, version: r.version, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt),
  passwordChangedAt: iso(r.passwordChangedAt),
})

const ha1Of = (username: string, realm: string, password: string) => ({
  ha1Md5: computeHa1("MD5", username, realm, password),
  ha1Sha256: computeHa1("SHA-256", username, realm, password),
})

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

export interface AccountListQuery {
  readonly q?: string | undefined
  readonly blocked?: boolean | undefined
  readonly limit?: number | undefined
  /** the id of the last account of the previous page */
  readonly cursor?: string | undefined
}

export class SipAccounts extends Context.Service<SipAccounts>()("@org/telephony/SipAccounts", {
  make: Effect.gen(function* () {
    const bus = yield* EventBus
    const directory = yield* SipDirectory

    const find = (id: string) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const [row] = isUuid(id)
          ? yield* useDb((db) => db.select().from(sipAccounts).where(and(eq(sipAccounts.tenantId, actor.tenantId), eq(sipAccounts.id, id))))
          : []
        if (!row) return yield* new NotFound({ entity: "sip_account", id })
        return row
      })

    /** A linked user must be one of the tenant's users, linked to no other account. */
    const checkUser = (userId: string, accountId?: string) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const user = yield* userDto(userId, actor.tenantId)
        if (!user) return yield* invalid("userId", "No such user", "Пользователь не найден")
        const [other] = yield* useDb((db) => db.select({ id: sipAccounts.id }).from(sipAccounts)
          .where(and(eq(sipAccounts.tenantId, actor.tenantId), eq(sipAccounts.userId, userId))))
        if (other && other.id !== accountId) return yield* new Conflict({ entity: "sip_account", field: "userId" })
      })

    const uniqueness = conflictOn("sip_account", { user_key: "userId", username_key: "username" }, "username")

    /** Publishes the change and audits it in the caller's transaction. */
    const changed = (row: SipAccountRow, change: typeof SipAccountChangeKind.Type, data?: Record<string, unknown>) =>
      Effect.gen(function* () {
        yield* recordAudit({ action: `sip_account.${change}`, entity: "sip_account", entityId: row.id, data: { username: row.username, ...data } })
        yield* bus.publish(sipAccountChanged, { accountId: row.id, username: row.username, change }, { audience: ADMINS })
      })

    /** Runs a write in a transaction, then empties the SIP side's cache (after the commit). */
    const write = <A, E, R>(effect: Effect.Effect<A, E, R>) => transaction(effect).pipe(Effect.ensuring(Effect.sync(directory.invalidate)))

    const dto = (row: SipAccountRow) => Effect.map(directory.domainOf(row.tenantId), (domain) => toAccountDto(row, domain))

    const list = Effect.fn("SipAccounts.list")(function* (q: AccountListQuery = {}) {
      const actor = yield* CurrentActor
      const limit = Math.max(1, Math.min(q.limit ?? MAX_ACCOUNT_PAGE, MAX_ACCOUNT_PAGE))
      const t = sipAccounts
      let after: SQL | undefined
      if (q.cursor) {
        const [c] = isUuid(q.cursor)
          ? yield* useDb((db) => db.select({ username: t.username, id: t.id }).from(t).where(and(eq(t.tenantId, actor.tenantId), eq(t.id, q.cursor!))))
          : []
        if (!c) return yield* invalid("query.cursor", "Unknown cursor", "Неизвестный курсор")
        after = sql`(lower(${t.username}), ${t.id}) > (lower(${c.username}), ${c.id})`
      }
      const text = q.q?.trim()
      const rows = yield* useDb((db) => db.select().from(t).where(and(
        eq(t.tenantId, actor.tenantId),
        q.blocked === undefined ? undefined : eq(t.blocked, q.blocked),
        text ? or(ilike(t.username, `%${likeEscape(text)}%`), ilike(t.comment, `%${likeEscape(text)}%`)) : undefined,
        after,
      )).orderBy(asc(sql`lower(${t.username})`), asc(t.id)).limit(limit + 1))
      const domain = yield* directory.domainOf(actor.tenantId)
      return toPage(rows, limit, (r) => toAccountDto(r, domain))
    })

    const get = Effect.fn("SipAccounts.get")(function* (id: string) {
      return yield* dto(yield* find(id))
    })

    const create = Effect.fn("SipAccounts.create")(function* (input: NewSipAccount) {
      const actor = yield* CurrentActor
      if (input.userId) yield* checkUser(input.userId)
      const realm = yield* directory.domainOf(actor.tenantId)
      const password = input.password ?? generateSipPassword()
      const row = yield* write(Effect.gen(function* () {
        const [row] = yield* useDb((db) => db.insert(sipAccounts).values({
          id: uuidv7(), tenantId: actor.tenantId, username: input.username, realm, ...ha1Of(input.username, realm, password),
          comment: input.comment?.trim() || null, callLimit: input.callLimit ?? null, userId: input.userId ?? null,
        }).returning()).pipe(Effect.catchTag("DatabaseError", uniqueness))
        yield* changed(row, "created", { generated: input.password === undefined })
        return row
      }))
      return { ...toAccountDto(row, realm), password } satisfies SipAccountWithPassword
    })

    /** Changes comment, call limit and user link if `version` is still the account's version; 409 with the current one otherwise. */
    const update = Effect.fn("SipAccounts.update")(function* (id: string, change: SipAccountChange) {
      const current = yield* find(id)
      if (change.userId) yield* checkUser(change.userId, current.id)
      const set: Partial<typeof sipAccounts.$inferInsert> = {}
      if (change.comment !== undefined) set.comment = change.comment?.trim() || null
      if (change.callLimit !== undefined) set.callLimit = change.callLimit
      if (change.userId !== undefined) set.userId = change.userId
      const row = yield* write(Effect.gen(function* () {
        const [saved] = yield* useDb((db) => db.update(sipAccounts).set({ ...set, version: change.version + 1, updatedAt: new Date() })
          .where(and(eq(sipAccounts.id, current.id), eq(sipAccounts.version, change.version))).returning())
          .pipe(Effect.catchTag("DatabaseError", uniqueness))
        if (!saved) return yield* new Conflict({ entity: "sip_account", currentVersion: current.version })
        yield* changed(saved, "updated", { fields: Object.keys(set) })
        return saved
      }))
      return yield* dto(row)
    })

    const setBlocked = (id: string, blocked: boolean) =>
      Effect.gen(function* () {
        const current = yield* find(id)
        if (current.blocked === blocked) return yield* dto(current)
        const row = yield* write(Effect.gen(function* () {
          const [saved] = yield* useDb((db) => db.update(sipAccounts)
            .set({ blocked, version: sql`${sipAccounts.version} + 1`, updatedAt: new Date() }).where(eq(sipAccounts.id, current.id)).returning())
          yield* changed(saved, blocked ? "blocked" : "unblocked")
          return saved
        }))
        return yield* dto(row)
      })
    const block = Effect.fn("SipAccounts.block")(function* (id: string) {
      return yield* setBlocked(id, true)
    })
    const unblock = Effect.fn("SipAccounts.unblock")(function* (id: string) {
      return yield* setBlocked(id, false)
    })

    /** A new password (given or generated), shown once; the old one and every softphone token stop working. */
    const resetPassword = Effect.fn("SipAccounts.resetPassword")(function* (id: string, given?: string) {
      const current = yield* find(id)
      const realm = yield* directory.domainOf(current.tenantId)
      const password = given ?? generateSipPassword()
      const row = yield* write(Effect.gen(function* () {
        const [saved] = yield* useDb((db) => db.update(sipAccounts).set({
          realm, ...ha1Of(current.username, realm, password), version: sql`${sipAccounts.version} + 1`, updatedAt: new Date(), passwordChangedAt: new Date(),
        }).where(eq(sipAccounts.id, current.id)).returning())
        yield* changed(saved, "password_reset", { generated: given === undefined })
        return saved
      }))
      return { ...toAccountDto(row, realm), password } satisfies SipAccountWithPassword
    })

    /** Deletes the account and takes it out of every extension. Its call records stay. */
    const remove = Effect.fn("SipAccounts.remove")(function* (id: string) {
      const current = yield* find(id)
      yield* write(Effect.gen(function* () {
        yield* useDb((db) => db.update(extensions).set({
          members: sql`array_remove(${extensions.members}, ${current.id}::uuid)`, version: sql`${extensions.version} + 1`, updatedAt: new Date(),
        }).where(and(eq(extensions.tenantId, current.tenantId), sql`${current.id}::uuid = any(${extensions.members})`)))
        yield* useDb((db) => db.delete(sipAccounts).where(eq(sipAccounts.id, current.id)))
        yield* changed(current, "deleted")
      }))
    })

    /** The account linked to the current user: what the softphone registers as. */
    const mine = Effect.fn("SipAccounts.mine")(function* () {
      const actor = yield* CurrentActor
      const notLinked = new DomainRejection({
        status: 404, code: "sip_account_not_linked",
        en: "No SIP account is linked to you: ask an administrator to link one", ru: "К вам не привязана SIP-учётная запись: попросите администратора привязать её",
      })
      if (!actor.userId) return yield* notLinked
      const [row] = yield* useDb((db) => db.select().from(sipAccounts).where(and(eq(sipAccounts.tenantId, actor.tenantId), eq(sipAccounts.userId, actor.userId!))))
      if (!row) return yield* notLinked
      if (row.blocked) {
        return yield* new DomainRejection({
          status: 403, code: "sip_account_blocked", en: "Your SIP account is blocked", ru: "Ваша SIP-учётная запись заблокирована",
        })
      }
      return row
    })

    /** Who can be dialled: every account of the tenant that is not blocked, by username. */
    const phoneBook = Effect.fn("SipAccounts.phoneBook")(function* () {
      const actor = yield* CurrentActor
      const rows = yield* useDb((db) => db.select({ username: sipAccounts.username, comment: sipAccounts.comment }).from(sipAccounts)
        .where(and(eq(sipAccounts.tenantId, actor.tenantId), eq(sipAccounts.blocked, false))).orderBy(asc(sql`lower(${sipAccounts.username})`)).limit(5000))
      return rows.map((r) => ({ username: r.username, displayName: r.comment }))
    })

    return { list, get, create, update, block, unblock, resetPassword, remove, mine, phoneBook }
  }),
}) {
  static layer = Layer.effect(SipAccounts, SipAccounts.make)
}

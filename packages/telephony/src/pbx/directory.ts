/**
 * `SipDirectory`: the database seen from the SIP side. It backs the SIP core's
 * `AccountStore` (find by domain + username, get by id) and `Dialplan`
 * (extensions by number, tenants by domain) with the `telephony` tables,
 * through a short cache (a few seconds) that every change empties at once —
 * on this instance directly, on the others through the change events — so a
 * blocked account is refused on its next request. It also keeps each
 * tenant's SIP domain and the installation's SIP secrets.
 */
import { Database, type DatabaseError, EventBus, tenantDto, useDb } from "@org/core/server"
import { and, arrayContains, eq } from "drizzle-orm"
import { Context, Effect, Layer, Option } from "effect"
import { randomBytes } from "node:crypto"
import type { AccountStore, SipAccount } from "../registrar/accounts"
import { type Dialplan, type DialplanTarget, preferredNumber } from "../routing/dialplan"
import { extensions, secrets, type SipAccountRow, sipAccounts, tenantDomains } from "../db/schema"
import { sipAccountChanged, sipExtensionChanged } from "../events"
import { acceptedSipTokens, DEFAULT_TOKEN_WINDOW_MS, issueSipToken } from "./tokens"

export const DEFAULT_DOMAIN_SUFFIX = "sip.local"

export interface TelephonySettingsShape {
  /** default SIP domains are `<tenant slug>.<domainSuffix>` */
  readonly domainSuffix: string
  /** how long cached accounts and extensions live at most (changes empty the cache anyway) */
  readonly cacheTtlMs: number
  /** softphone tokens work in the window they were issued in and the next */
  readonly tokenWindowMs: number
}

export class TelephonySettings extends Context.Service<TelephonySettings, TelephonySettingsShape>()("@org/telephony/TelephonySettings") {
  static readonly defaults: TelephonySettingsShape = { domainSuffix: DEFAULT_DOMAIN_SUFFIX, cacheTtlMs: 5_000, tokenWindowMs: DEFAULT_TOKEN_WINDOW_MS }
  static layer = (settings: Partial<TelephonySettingsShape> = {}) =>
    Layer.succeed(TelephonySettings, { ...TelephonySettings.defaults, ...settings })
}

/** An account row with its tenant's domain. */
export type AccountEntry = SipAccountRow & { domain: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DOMAIN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/

/** A DNS label from a tenant slug: lower case, letters, digits and dashes. */
export const domainLabel = (slug: string) =>
  slug.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63).replace(/-+$/, "")

/** A map whose entries live `ttlMs`; `clear()` also stops loads that started before it from filling it. */
class ShortCache {
  private readonly entries = new Map<string, { value: unknown; at: number }>()
  private generation = 0
  constructor(private readonly ttlMs: number) {}

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key)
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value as T
    const generation = this.generation
    const value = await load()
    if (generation === this.generation) {
      if (this.entries.size >= 20_000) this.entries.clear()
      this.entries.set(key, { value, at: Date.now() })
    }
    return value
  }

  clear(): void {
    this.generation++
    this.entries.clear()
  }
}

export class SipDirectory extends Context.Service<SipDirectory>()("@org/telephony/SipDirectory", {
  make: Effect.gen(function* () {
    const settings = Option.getOrElse(yield* Effect.serviceOption(TelephonySettings), () => TelephonySettings.defaults)
    const bus = yield* EventBus
    const context = yield* Effect.context<Database>()
    const run = <A>(effect: Effect.Effect<A, DatabaseError, Database>) => Effect.runPromise(effect.pipe(Effect.provideContext(context)))

    // The installation's secrets, made once and shared by every instance through the database.
    const secret = (name: string) =>
      useDb(async (db) => {
        await db.insert(secrets).values({ name, value: randomBytes(32).toString("base64url") }).onConflictDoNothing()
        const [row] = await db.select().from(secrets).where(eq(secrets.name, name))
        return row.value
      })
    const nonceSecret = yield* secret("sip_nonce_key")
    const tokenKey = yield* secret("sip_token_key")

    const cache = new ShortCache(settings.cacheTtlMs)
    const domains = new Map<string, string>()
    const invalidate = () => cache.clear()
    // Changes made on other instances reach this one as events (after their commit).
    const unsubscribe = bus.subscribe((e) => {
      if (e.topic === sipAccountChanged.topic || e.topic === sipExtensionChanged.topic) invalidate()
    })
    yield* Effect.addFinalizer(() => Effect.sync(unsubscribe))

    const accountQuery = (where: ReturnType<typeof and>) =>
      run(useDb((db) =>
        db.select({ a: sipAccounts, domain: tenantDomains.domain }).from(sipAccounts)
          .innerJoin(tenantDomains, eq(tenantDomains.tenantId, sipAccounts.tenantId))
          .where(where),
      )).then((rows): AccountEntry | undefined => (rows[0] ? { ...rows[0].a, domain: rows[0].domain } : undefined))

    const entryById = (accountId: string) =>
      UUID.test(accountId) ? cache.get(`id:${accountId}`, () => accountQuery(eq(sipAccounts.id, accountId))) : Promise.resolve(undefined)
    const entryByName = (domain: string, username: string) =>
      cache.get(`name:${domain.toLowerCase()}\u0001${username}`, () =>
        accountQuery(and(eq(tenantDomains.domain, domain.toLowerCase()), eq(sipAccounts.username, username))))

    /** The SIP core's view of an account: HA1 for its realm, and the softphone tokens of its linked user. */
    const toSipAccount = (e: AccountEntry): SipAccount => {
      const current = e.realm === e.domain
      const account: SipAccount = {
        tenantId: e.tenantId, accountId: e.id, domain: e.domain, username: e.username, blocked: e.blocked,
        ...(e.comment ? { displayName: e.comment } : {}),
        ...(current ? { ha1: { MD5: e.ha1Md5, "SHA-256": e.ha1Sha256 } } : {}),
        ...(e.callLimit !== null ? { callLimit: e.callLimit } : {}),
      }
      if (current && e.userId && !e.blocked) {
        const tokens = acceptedSipTokens(tokenKey, { accountId: e.id, userId: e.userId, ha1: e.ha1Md5 }, settings.tokenWindowMs)
        account.extraCredentials = tokens.map((password) => ({ password }))
      }
      return account
    }

    const accounts: AccountStore = {
      find: async (domain, username) => {
        const e = await entryByName(domain, username)
        return e ? toSipAccount(e) : undefined
      },
      get: async (accountId) => {
        const e = await entryById(accountId)
        return e ? toSipAccount(e) : undefined
      },
    }

    const dialplan: Dialplan = {
      resolve: (tenantId, user) =>
        !UUID.test(tenantId) || !/^[0-9]{1,20}$/.test(user)
          ? undefined
          : cache.get(`ext:${tenantId}\u0001${user}`, async (): Promise<DialplanTarget | undefined> => {
            const [row] = await run(useDb((db) =>
              db.select().from(extensions).where(and(eq(extensions.tenantId, tenantId), eq(extensions.number, user)))))
            return row ? { kind: "extension", accountIds: [...row.members], ...(row.name ? { name: row.name } : {}) } : undefined
          }),
      numberOf: (tenantId, accountId) =>
        !UUID.test(tenantId) || !UUID.test(accountId)
          ? undefined
          : cache.get(`num:${tenantId}\u0001${accountId}`, async () => {
            const rows = await run(useDb((db) =>
              db.select({ number: extensions.number, members: extensions.members }).from(extensions)
                .where(and(eq(extensions.tenantId, tenantId), arrayContains(extensions.members, [accountId])))))
            return preferredNumber(rows)
          }),
      tenantOf: (domain) =>
        cache.get(`domain:${domain.toLowerCase()}`, async () => {
          const [row] = await run(useDb((db) => db.select().from(tenantDomains).where(eq(tenantDomains.domain, domain.toLowerCase()))))
          return row?.tenantId
        }),
    }

    /**
     * The tenant's SIP domain, made on first use: `<slug>.<suffix>` (or with a
     * piece of the tenant id when that is taken). Domains do not change: the
     * accounts' HA1 are computed for them.
     */
    const domainOf = (tenantId: string): Effect.Effect<string, DatabaseError, Database> =>
      Effect.gen(function* () {
        const known = domains.get(tenantId)
        if (known) return known
        const existing = yield* useDb((db) => db.select().from(tenantDomains).where(eq(tenantDomains.tenantId, tenantId)))
        if (existing[0]) {
          domains.set(tenantId, existing[0].domain)
          return existing[0].domain
        }
        // The tenant's slug names its domain (core's public tenant facts).
        const tenant = yield* tenantDto(tenantId)
        const label = domainLabel(tenant?.slug ?? "") || `t-${tenantId.slice(0, 8)}`
        const domain = yield* useDb(async (db) => {
          for (const candidate of [`${label}.${settings.domainSuffix}`, `${label}-${tenantId.slice(0, 8)}.${settings.domainSuffix}`]) {
            if (!DOMAIN.test(candidate)) continue
            await db.insert(tenantDomains).values({ tenantId, domain: candidate }).onConflictDoNothing()
            const [mine] = await db.select().from(tenantDomains).where(eq(tenantDomains.tenantId, tenantId))
            if (mine) return mine.domain
          }
          const fallback = `t-${tenantId.replaceAll("-", "")}.${settings.domainSuffix}`
          await db.insert(tenantDomains).values({ tenantId, domain: fallback }).onConflictDoNothing({ target: tenantDomains.tenantId })
          const [mine] = await db.select().from(tenantDomains).where(eq(tenantDomains.tenantId, tenantId))
          return mine.domain
        })
        domains.set(tenantId, domain)
        return domain
      })

    /** A softphone token for the account's linked user, and when it expires. */
    const issueToken = (account: { id: string; userId: string; ha1Md5: string }) =>
      issueSipToken(tokenKey, { accountId: account.id, userId: account.userId, ha1: account.ha1Md5 }, settings.tokenWindowMs)

    /** Display name and linked user of accounts, for call records and call events (through the cache). */
    const accountInfo = async (accountId: string | undefined) => {
      if (accountId === undefined) return undefined
      const e = await entryById(accountId)
      return e ? { comment: e.comment, userId: e.userId, username: e.username } : undefined
    }

    return { accounts, dialplan, domainOf, issueToken, accountInfo, invalidate, nonceSecret }
  }),
}) {
  static layer = Layer.effect(SipDirectory, SipDirectory.make)
}

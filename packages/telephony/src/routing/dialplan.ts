/**
 * Where a dialled number goes. The reference server backs `Dialplan` with its
 * database (extensions, ring groups, short numbers); tests and small setups use
 * `InMemoryDialplan`. Numbers are resolved inside the caller's tenant: the same
 * "101" is a different extension in every tenant.
 */

/** What a dialled user part names. */
export type DialplanTarget =
  /** An extension (or ring group): every account rings in parallel, the first to answer takes the call. */
  | { kind: "extension"; accountIds: string[]; name?: string }
  /** One account directly (its SIP username dialled, a personal number). */
  | { kind: "account"; accountId: string }

export interface Dialplan {
  /** The target of `user` (the dialled user part, %-escapes resolved) in `tenantId`; undefined: no such number (404). */
  resolve(tenantId: string, user: string): Promise<DialplanTarget | undefined> | DialplanTarget | undefined
  /**
   * The tenant whose numbers a caller who is not one of our accounts dials, by
   * the domain of the Request-URI (needed only when unknown callers are allowed:
   * trunks, guests). Absent or undefined: such calls get 404.
   */
  tenantOf?(domain: string): Promise<string | undefined> | string | undefined
  /**
   * The short number an account is reached at, shown to the people it calls
   * (P-Asserted-Identity) so that they see "101" and can call back: an
   * extension of that account alone first, else the lowest one it rings in.
   * Absent or undefined: its username is shown.
   */
  numberOf?(tenantId: string, accountId: string): Promise<string | undefined> | string | undefined
}

/** The number `numberOf` picks among extensions: a personal one (only this account) first, then the lowest. */
export const preferredNumber = (candidates: Iterable<{ number: string; members: readonly string[] }>): string | undefined => {
  let best: { number: string; personal: boolean } | undefined
  for (const c of candidates) {
    const personal = c.members.length === 1
    const better = !best || (personal && !best.personal) ||
      (personal === best.personal && (c.number.length < best.number.length || (c.number.length === best.number.length && c.number < best.number)))
    if (better) best = { number: c.number, personal }
  }
  return best?.number
}

const key = (tenantId: string, user: string) => `${tenantId}\u0001${user}`

/** A dialplan in Maps: for tests, examples and small fixed setups. */
export class InMemoryDialplan implements Dialplan {
  private readonly entries = new Map<string, DialplanTarget>()
  private readonly domains = new Map<string, string>()

  constructor(entries: Iterable<{ tenantId: string; user: string; target: DialplanTarget }> = []) {
    for (const e of entries) this.set(e.tenantId, e.user, e.target)
  }

  /** Adds or replaces the target of a number. */
  set(tenantId: string, user: string, target: DialplanTarget): this {
    if (target.kind === "extension" && target.accountIds.length === 0) throw new RangeError("an extension needs at least one account")
    this.entries.set(key(tenantId, user), target.kind === "extension" ? { ...target, accountIds: [...target.accountIds] } : { ...target })
    return this
  }

  /** Shorthand: `user` rings these accounts in parallel. */
  extension(tenantId: string, user: string, accountIds: string[], name?: string): this {
    return this.set(tenantId, user, { kind: "extension", accountIds, ...(name !== undefined ? { name } : {}) })
  }

  /** Shorthand: `user` reaches one account. */
  account(tenantId: string, user: string, accountId: string): this {
    return this.set(tenantId, user, { kind: "account", accountId })
  }

  remove(tenantId: string, user: string): boolean {
    return this.entries.delete(key(tenantId, user))
  }

  /** Which tenant a domain belongs to, for callers who are not accounts. */
  domain(domain: string, tenantId: string): this {
    this.domains.set(domain.toLowerCase(), tenantId)
    return this
  }

  resolve(tenantId: string, user: string): DialplanTarget | undefined {
    return this.entries.get(key(tenantId, user))
  }

  tenantOf(domain: string): string | undefined {
    return this.domains.get(domain.toLowerCase())
  }

  numberOf(tenantId: string, accountId: string): string | undefined {
    const candidates: { number: string; members: string[] }[] = []
    for (const [k, target] of this.entries) {
      const [t, number] = k.split("\u0001")
      if (t !== tenantId || !/^[0-9]+$/.test(number)) continue
      const members = target.kind === "extension" ? target.accountIds : [target.accountId]
      if (members.includes(accountId)) candidates.push({ number, members })
    }
    return preferredNumber(candidates)
  }
}

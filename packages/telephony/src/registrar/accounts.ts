/**
 * Where SIP accounts come from. The registrar asks by domain (the host of the
 * To URI, which names the tenant) and username; the reference server backs
 * this with its database, tests with `InMemoryAccountStore`.
 */
import type { DigestAlgorithm } from "./digest"

export interface SipAccount {
  tenantId: string
  accountId: string
  /** The SIP domain the account lives in (the To/From host, the digest realm by default). */
  domain: string
  /** The user part of the AOR and the digest username. Case-sensitive. */
  username: string
  /** The clear password, or … */
  password?: string
  /** … HA1 per algorithm (H(username:realm:password)), for stores that keep no passwords. */
  ha1?: Partial<Record<DigestAlgorithm, string>>
  /**
   * More secrets this account may authenticate with besides its password, each a
   * clear password or HA1 per algorithm: e.g. short-lived tokens handed to a web
   * softphone so that the account's own password never reaches a browser.
   */
  extraCredentials?: readonly { password?: string; ha1?: Partial<Record<DigestAlgorithm, string>> }[]
  /** Who the account is ("Reception, Ivanova"): the display name its calls show, whatever the phone puts in From. */
  displayName?: string
  /** A blocked account is refused (403) after it authenticates. */
  blocked?: boolean
  /** Most simultaneous calls, ringing ones included (call routing answers 486 beyond it); absent: no limit. */
  callLimit?: number
}

export interface AccountStore {
  /** The account `username` in `domain` (compare domains case-insensitively), if any. */
  find(domain: string, username: string): Promise<SipAccount | undefined> | SipAccount | undefined
  /** The account with this id, if any (call routing: the targets a dialplan names, their limits and blocks). */
  get(accountId: string): Promise<SipAccount | undefined> | SipAccount | undefined
}

/** An account store in a Map: for tests, examples and small fixed setups. */
export class InMemoryAccountStore implements AccountStore {
  private readonly accounts = new Map<string, SipAccount>()
  private readonly byId = new Map<string, string>()

  constructor(accounts: Iterable<SipAccount> = []) {
    for (const a of accounts) this.put(a)
  }

  private static key(domain: string, username: string): string {
    return `${domain.toLowerCase()}\u0001${username}`
  }

  /** Adds or replaces an account. */
  put(account: SipAccount): void {
    const old = this.get(account.accountId)
    if (old) this.remove(old.domain, old.username)
    const key = InMemoryAccountStore.key(account.domain, account.username)
    const replaced = this.accounts.get(key)
    if (replaced) this.byId.delete(replaced.accountId)
    this.accounts.set(key, { ...account })
    this.byId.set(account.accountId, key)
  }

  remove(domain: string, username: string): boolean {
    const key = InMemoryAccountStore.key(domain, username)
    const a = this.accounts.get(key)
    if (a && this.byId.get(a.accountId) === key) this.byId.delete(a.accountId)
    return this.accounts.delete(key)
  }

  find(domain: string, username: string): SipAccount | undefined {
    return this.accounts.get(InMemoryAccountStore.key(domain, username))
  }

  get(accountId: string): SipAccount | undefined {
    const key = this.byId.get(accountId)
    return key !== undefined ? this.accounts.get(key) : undefined
  }

  get size(): number {
    return this.accounts.size
  }
}

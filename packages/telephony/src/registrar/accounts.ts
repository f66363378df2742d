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
  /** A blocked account is refused (403) after it authenticates. */
  blocked?: boolean
  /** Most simultaneous calls (enforced by call routing, carried here for it). */
  callLimit?: number
}

export interface AccountStore {
  /** The account `username` in `domain` (compare domains case-insensitively), if any. */
  find(domain: string, username: string): Promise<SipAccount | undefined> | SipAccount | undefined
}

/** An account store in a Map: for tests, examples and small fixed setups. */
export class InMemoryAccountStore implements AccountStore {
  private readonly accounts = new Map<string, SipAccount>()

  constructor(accounts: Iterable<SipAccount> = []) {
    for (const a of accounts) this.put(a)
  }

  private static key(domain: string, username: string): string {
    return `${domain.toLowerCase()}\u0001${username}`
  }

  /** Adds or replaces an account. */
  put(account: SipAccount): void {
    this.accounts.set(InMemoryAccountStore.key(account.domain, account.username), { ...account })
  }

  remove(domain: string, username: string): boolean {
    return this.accounts.delete(InMemoryAccountStore.key(domain, username))
  }

  find(domain: string, username: string): SipAccount | undefined {
    return this.accounts.get(InMemoryAccountStore.key(domain, username))
  }

  get size(): number {
    return this.accounts.size
  }
}

/**
 * What the case workspace reads often and rarely changes — case type definitions, dictionary
 * labels, the tenant's users — kept per ApiClient, so every panel of a card (and every card)
 * asks once. A failed load is not kept: the next call asks again.
 */
import { CaseCardApi, type CaseTypeDto, type DictionaryItemDto } from "../api/case-card.js"
import type { ApiClient } from "../api/client.js"
import type { UserListItemDto } from "../api/types.js"

interface PerClient {
  types: Map<string, Promise<CaseTypeDto>>
  dictionaries: Map<string, DictionaryStore>
  users?: Promise<readonly UserListItemDto[] | null>
}

const caches = new WeakMap<ApiClient, PerClient>()

function cacheOf(client: ApiClient): PerClient {
  let c = caches.get(client)
  if (!c) caches.set(client, (c = { types: new Map(), dictionaries: new Map() }))
  return c
}

/** The definition of a case type (`GET /types/:key`), once per client. */
export function caseType(client: ApiClient, key: string): Promise<CaseTypeDto> {
  const c = cacheOf(client)
  let pending = c.types.get(key)
  if (!pending) {
    pending = new CaseCardApi(client).type(key)
    c.types.set(key, pending)
    pending.catch(() => c.types.delete(key))
  }
  return pending
}

/** Forgets a type (e.g. after a 400 that may come from a newer definition). */
export function forgetCaseType(client: ApiClient, key: string): void {
  cacheOf(client).types.delete(key)
}

/**
 * The tenant's users (`GET /auth/users`, admin and supervisor only): null when the server does
 * not let this user list them.
 */
export function tenantUsers(client: ApiClient): Promise<readonly UserListItemDto[] | null> {
  const c = cacheOf(client)
  if (!c.users) {
    c.users = client.listUsers().then(
      (users) => users,
      (error: unknown) => {
        const status = (error as { status?: number }).status
        if (status === 403 || status === 401) return null
        c.users = undefined
        return null
      },
    )
  }
  return c.users
}

/**
 * The items of one dictionary seen so far (the first page, and whatever searches and picks
 * brought), by id — so a field's value (an item id) shows as its label.
 */
export class DictionaryStore {
  readonly key: string
  readonly #api: CaseCardApi
  readonly #items = new Map<string, DictionaryItemDto>()
  #first: Promise<void> | undefined
  readonly #listeners = new Set<() => void>()

  constructor(client: ApiClient, key: string) {
    this.key = key
    this.#api = new CaseCardApi(client)
  }

  get(id: string): DictionaryItemDto | undefined {
    return this.#items.get(id)
  }

  /** An item seen so far by its code. */
  byCode(code: string): DictionaryItemDto | undefined {
    for (const item of this.#items.values()) if (item.code === code) return item
    return undefined
  }

  /** Loads the first page once (up to 200 items). */
  ensure(): Promise<void> {
    if (!this.#first) {
      this.#first = this.#api.dictionaryItems(this.key, { limit: 200 }).then(
        (page) => this.remember(page.items),
        () => {
          this.#first = undefined
        },
      )
    }
    return this.#first
  }

  /** Items matching `q` (code and labels), optionally children of `parent`. */
  async search(q: string, parent?: string): Promise<DictionaryItemDto[]> {
    const page = await this.#api.dictionaryItems(this.key, { q: q || undefined, parent, limit: 50 })
    this.remember(page.items)
    return page.items.filter((i) => !i.archived)
  }

  remember(items: readonly DictionaryItemDto[]): void {
    let added = false
    for (const item of items) {
      if (!this.#items.has(item.id)) added = true
      this.#items.set(item.id, item)
    }
    if (added) for (const l of [...this.#listeners]) l()
  }

  /** Calls `listener` when new items become known. Returns the function that stops it. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}

export function dictionaryStore(client: ApiClient, key: string): DictionaryStore {
  const c = cacheOf(client)
  let store = c.dictionaries.get(key)
  if (!store) c.dictionaries.set(key, (store = new DictionaryStore(client, key)))
  return store
}

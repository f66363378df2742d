import { ContextConsumer } from "@lit/context"
import type { ReactiveElement } from "lit"
import type { ApiClient } from "../api/client.js"
import type { UserDto } from "../api/types.js"
import { sessionContext } from "../context.js"
import type { ApiController } from "./api-controller.js"

/** One `GET /auth/me` per client, shared by every widget (and controller) that uses that client. */
const fetched = new WeakMap<ApiClient, Promise<UserDto | undefined>>()

/**
 * The user a client acts for, asked once per client (`GET /api/v1/auth/me`); undefined when the
 * server does not say (a failure is not cached: the next call asks again).
 */
export function fetchMe(client: ApiClient): Promise<UserDto | undefined> {
  let pending = fetched.get(client)
  if (!pending) {
    pending = client.me().then(
      (user) => user,
      () => {
        fetched.delete(client)
        return undefined
      },
    )
    fetched.set(client, pending)
  }
  return pending
}

/**
 * The signed-in user as a widget sees it: from {@link sessionContext} (as `<org-console>`
 * provides it), else — for a standalone widget — from its client's `GET /api/v1/auth/me`.
 */
export class CurrentUserController {
  readonly #host: ReactiveElement
  readonly #api: ApiController
  readonly #session: ContextConsumer<typeof sessionContext, ReactiveElement>
  #user: UserDto | undefined
  #userFor: ApiClient | undefined

  constructor(host: ReactiveElement, api: ApiController) {
    this.#host = host
    this.#api = api
    this.#session = new ContextConsumer(host, {
      context: sessionContext,
      subscribe: true,
      callback: () => host.requestUpdate(),
    })
  }

  /** The user; null when nobody is signed in, undefined while unknown. */
  get value(): UserDto | null | undefined {
    const session = this.#session.value
    if (session !== undefined) return session
    return this.#userFor === this.#api.client ? this.#user : undefined
  }

  /** Resolves once {@link value} is known (at once inside a session provider). */
  async ready(): Promise<void> {
    if (this.#session.value !== undefined) return
    const client = this.#api.client
    const user = await fetchMe(client)
    if (client !== this.#api.client) return
    if (this.#userFor !== client || this.#user !== user) {
      this.#user = user
      this.#userFor = client
      this.#host.requestUpdate()
    }
  }
}

import { ContextConsumer } from "@lit/context"
import type { ReactiveElement } from "lit"
import type { ApiClient } from "../api/client.js"
import { sessionContext } from "../context.js"
import type { ApiController } from "./api-controller.js"

interface ZoneHost extends ReactiveElement {
  /** An explicit IANA time zone (the `time-zone` attribute), when the element has one. */
  timeZone?: string | undefined
}

/** One `GET /auth/me` per client, shared by every widget that uses that client. */
const fetched = new WeakMap<ApiClient, Promise<string | undefined>>()

/**
 * The time zone a widget shows dates in: its own `time-zone` attribute, else the tenant's
 * (`user.tenant.timeZone`) from {@link sessionContext} (as `<org-console>` provides it), else —
 * for a standalone widget — the tenant's from its own `GET /api/v1/auth/me`. While that is
 * unknown, or when the server does not say, the browser's time zone is used.
 */
export class TimeZoneController {
  readonly #host: ZoneHost
  readonly #api: ApiController
  readonly #session: ContextConsumer<typeof sessionContext, ZoneHost>
  #zone: string | undefined
  #zoneFor: ApiClient | undefined

  constructor(host: ZoneHost, api: ApiController) {
    this.#host = host
    this.#api = api
    this.#session = new ContextConsumer(host, {
      context: sessionContext,
      subscribe: true,
      callback: () => host.requestUpdate(),
    })
  }

  /** The IANA name, or undefined for the browser's time zone. */
  get value(): string | undefined {
    if (this.#host.timeZone) return this.#host.timeZone
    const session = this.#session.value
    if (session !== undefined) return session?.tenant?.timeZone || undefined
    return this.#zoneFor === this.#api.client ? this.#zone : undefined
  }

  /** Resolves once {@link value} is final (at once unless the widget has to ask the server). */
  async ready(): Promise<void> {
    if (this.#host.timeZone || this.#session.value !== undefined) return
    const client = this.#api.client
    let pending = fetched.get(client)
    if (!pending) {
      pending = client.me().then(
        (user) => user.tenant?.timeZone || undefined,
        () => {
          fetched.delete(client) // ask again next time
          return undefined
        },
      )
      fetched.set(client, pending)
    }
    const zone = await pending
    if (client !== this.#api.client) return
    if (this.#zoneFor !== client || this.#zone !== zone) {
      this.#zone = zone
      this.#zoneFor = client
      this.#host.requestUpdate()
    }
  }
}

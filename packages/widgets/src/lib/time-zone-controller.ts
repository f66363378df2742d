import { ContextConsumer } from "@lit/context"
import type { ReactiveElement } from "lit"
import type { ApiClient } from "../api/client.js"
import { sessionContext } from "../context.js"
import type { ApiController } from "./api-controller.js"
import { fetchMe } from "./current-user.js"

interface ZoneHost extends ReactiveElement {
  /** An explicit IANA time zone (the `time-zone` attribute), when the element has one. */
  timeZone?: string | undefined
}

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
    const zone = (await fetchMe(client))?.tenant?.timeZone || undefined
    if (client !== this.#api.client) return
    if (this.#zoneFor !== client || this.#zone !== zone) {
      this.#zone = zone
      this.#zoneFor = client
      this.#host.requestUpdate()
    }
  }
}

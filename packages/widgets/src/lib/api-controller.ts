import { ContextConsumer } from "@lit/context"
import type { ReactiveElement } from "lit"
import { ApiClient } from "../api/client.js"
import { apiContext } from "../context.js"

interface ApiHost extends ReactiveElement {
  token?: string | undefined
  baseUrl?: string | undefined
}

/**
 * The ApiClient of a widget: the one provided through {@link apiContext} by an ancestor, else
 * one the widget builds from its own `token` and `base-url` attributes.
 */
export class ApiController {
  readonly #host: ApiHost
  readonly #consumer: ContextConsumer<typeof apiContext, ApiHost>
  #own: ApiClient | undefined
  #ownKey = ""

  constructor(host: ApiHost) {
    this.#host = host
    this.#consumer = new ContextConsumer(host, { context: apiContext, subscribe: true })
  }

  /** True when the client comes from a provider above the element. */
  get provided(): boolean {
    return this.#consumer.value !== undefined
  }

  get client(): ApiClient {
    const provided = this.#consumer.value
    if (provided) return provided
    const baseUrl = this.#host.baseUrl ?? ""
    const token = this.#host.token || undefined
    const key = `${baseUrl}\n${token ?? ""}`
    if (!this.#own || key !== this.#ownKey) {
      this.#own = new ApiClient({ baseUrl, token })
      this.#ownKey = key
    }
    return this.#own
  }
}

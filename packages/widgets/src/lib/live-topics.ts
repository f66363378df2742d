/**
 * The live part of a case card panel (chat, history, services, script) and of the call list: it
 * listens to a few event topics on the client its `ApiController` gives — again when that client
 * changes, and only while the element is connected — and keeps the shared events socket open
 * meanwhile (`retain`). The element calls `sync()` from `willUpdate` and reloads when it says the
 * client changed.
 */
import type { ReactiveController, ReactiveControllerHost } from "lit"
import { onTopic } from "../api/case-card.js"
import type { ApiClient } from "../api/client.js"
import type { ApiController } from "./api-controller.js"

export class LiveTopicsController implements ReactiveController {
  #client: ApiClient | undefined
  #offs: (() => void)[] = []
  #release: (() => void) | undefined

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly api: ApiController,
    private readonly topics: readonly string[],
    private readonly onEvent: (topic: string, payload: unknown) => void,
  ) {
    host.addController(this)
  }

  /** Follows the API client of the moment; true when it is a new one (what the panel shows must be loaded again). */
  sync(): boolean {
    const client = this.api.client
    if (client === this.#client) return false
    this.#unlisten()
    this.#client = client
    if (this.host.isConnected) this.#listen(client)
    return true
  }

  hostConnected(): void {
    if (this.#client) this.#listen(this.#client)
  }

  hostDisconnected(): void {
    this.#unlisten()
  }

  #listen(client: ApiClient): void {
    const events = client.events()
    this.#offs = this.topics.map((topic) => onTopic<unknown>(events, topic, (payload) => this.onEvent(topic, payload)))
    events.subscribe(this.topics)
    this.#release = events.retain()
  }

  #unlisten(): void {
    for (const off of this.#offs) off()
    this.#offs = []
    this.#release?.()
    this.#release = undefined
  }
}

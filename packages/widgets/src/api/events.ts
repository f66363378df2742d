import type { EventTopics, ServerEvent } from "./types.js"

/**
 * "unauthorized": the server closed the socket with code 4401 (no valid session or token);
 * the connection does not retry until {@link EventsConnection.connect} is called again.
 */
export type ConnectionState = "connecting" | "open" | "closed" | "unauthorized"

/** Close code of a socket the server did not authenticate. */
export const UNAUTHORIZED_CLOSE_CODE = 4401

export type EventListenerFn<T = unknown> = (event: ServerEvent<T>) => void

export interface EventsConnectionOptions {
  /** Absolute ws:// or wss:// URL of `/api/v1/events` (including `?token=` when used). */
  readonly url: string
  /** First reconnect delay; doubles up to `maxDelayMs`. Default 1000. */
  readonly minDelayMs?: number
  /** Default 30000. */
  readonly maxDelayMs?: number
  /** WebSocket constructor; defaults to the global one, looked up at connect time. */
  readonly WebSocket?: typeof WebSocket
  /** Sends `{"type":"ping"}` this often while open, so idle proxies keep the socket. Default 25000; 0 = never. */
  readonly pingIntervalMs?: number
}

/**
 * The events socket: subscribes to topics, hands `{"type":"event"}` messages to listeners,
 * reconnects with exponential backoff (1 s → 30 s) and re-subscribes after each reconnect,
 * asking the server (`?since=<seq>`) for the events it missed meanwhile.
 *
 * A close with code 4401 means the session or token is not (or no longer) valid: the connection
 * then stops retrying and its state becomes "unauthorized". Any other close is network trouble.
 *
 * Several widgets share one connection: each calls {@link retain} while it needs it and the
 * returned release function when it no longer does; the socket closes when nobody retains it.
 */
export class EventsConnection {
  readonly url: string
  readonly #minDelay: number
  readonly #maxDelay: number
  readonly #WebSocket: typeof WebSocket | undefined
  readonly #pingInterval: number
  #pingTimer: ReturnType<typeof setInterval> | undefined
  #lastSeq: number | undefined

  #state: ConnectionState = "closed"
  #socket: WebSocket | null = null
  #wanted = false
  #attempt = 0
  #timer: ReturnType<typeof setTimeout> | undefined
  #leases = 0
  readonly #topics = new Set<string>()
  readonly #listeners = new Map<string, Set<EventListenerFn<any>>>()
  readonly #stateListeners = new Set<(state: ConnectionState) => void>()

  constructor(options: EventsConnectionOptions) {
    this.url = options.url
    this.#minDelay = options.minDelayMs ?? 1000
    this.#maxDelay = options.maxDelayMs ?? 30_000
    this.#WebSocket = options.WebSocket
    this.#pingInterval = options.pingIntervalMs ?? 25_000
  }

  get state(): ConnectionState {
    return this.#state
  }

  get topics(): readonly string[] {
    return [...this.#topics]
  }

  /** Adds topics; sent at once when open and again after every reconnect. */
  subscribe(topics: readonly string[]): void {
    let added = false
    for (const topic of topics) {
      if (!this.#topics.has(topic)) {
        this.#topics.add(topic)
        added = true
      }
    }
    if (added) this.#sendSubscribe()
  }

  /** Listens to one topic ("*" for every event). Returns the function that stops listening. */
  on<K extends keyof EventTopics>(topic: K, listener: EventListenerFn<EventTopics[K]>): () => void
  on(topic: string, listener: EventListenerFn): () => void
  on(topic: string, listener: EventListenerFn<any>): () => void {
    let set = this.#listeners.get(topic)
    if (!set) this.#listeners.set(topic, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
    }
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.#stateListeners.add(listener)
    return () => {
      this.#stateListeners.delete(listener)
    }
  }

  /** Keeps the connection open until the returned function is called. */
  retain(): () => void {
    this.#leases++
    this.connect()
    let released = false
    return () => {
      if (released) return
      released = true
      this.#leases--
      if (this.#leases <= 0) {
        this.#leases = 0
        this.close()
      }
    }
  }

  /** Opens the socket (idempotent); it then stays open, reconnecting, until {@link close}. */
  connect(): void {
    this.#wanted = true
    if (this.#socket || this.#timer !== undefined) return
    this.#open()
  }

  /** Closes the socket and stops reconnecting. {@link connect} may open it again. */
  close(): void {
    this.#wanted = false
    this.#attempt = 0
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer)
      this.#timer = undefined
    }
    const socket = this.#socket
    this.#socket = null
    if (socket) {
      this.#detach(socket)
      try {
        socket.close(1000)
      } catch {
        /* already closing */
      }
    }
    if (typeof window !== "undefined") window.removeEventListener("online", this.#onOnline)
    this.#setState("closed")
  }

  #open(): void {
    this.#timer = undefined
    const Ctor = this.#WebSocket ?? globalThis.WebSocket
    this.#setState("connecting")
    let socket: WebSocket
    try {
      socket = new Ctor(this.#connectUrl())
    } catch {
      this.#scheduleReconnect()
      return
    }
    this.#socket = socket
    socket.addEventListener("open", this.#onOpen)
    socket.addEventListener("message", this.#onMessage)
    socket.addEventListener("close", this.#onClose)
    if (typeof window !== "undefined") window.addEventListener("online", this.#onOnline)
  }

  /** After a drop, resume from the last event seen. */
  #connectUrl(): string {
    if (this.#lastSeq === undefined) return this.url
    const url = new URL(this.url)
    url.searchParams.set("since", String(this.#lastSeq))
    return url.toString()
  }

  #stopPing(): void {
    if (this.#pingTimer !== undefined) clearInterval(this.#pingTimer)
    this.#pingTimer = undefined
  }

  #detach(socket: WebSocket): void {
    this.#stopPing()
    socket.removeEventListener("open", this.#onOpen)
    socket.removeEventListener("message", this.#onMessage)
    socket.removeEventListener("close", this.#onClose)
  }

  readonly #onOpen = (): void => {
    this.#attempt = 0
    this.#setState("open")
    this.#sendSubscribe()
    if (this.#pingInterval > 0) {
      this.#pingTimer = setInterval(() => {
        const socket = this.#socket
        if (socket && socket.readyState === 1) socket.send(JSON.stringify({ type: "ping" }))
      }, this.#pingInterval)
    }
  }

  readonly #onMessage = (message: MessageEvent): void => {
    if (typeof message.data !== "string") return
    let data: unknown
    try {
      data = JSON.parse(message.data)
    } catch {
      return
    }
    if (!isServerEvent(data)) return
    if (typeof data.seq === "number" && (this.#lastSeq === undefined || data.seq > this.#lastSeq)) this.#lastSeq = data.seq
    for (const key of [data.topic, "*"]) {
      const listeners = this.#listeners.get(key)
      if (!listeners) continue
      for (const listener of [...listeners]) {
        try {
          listener(data)
        } catch (error) {
          // One faulty listener must not stop the others.
          setTimeout(() => {
            throw error
          })
        }
      }
    }
  }

  readonly #onClose = (event: CloseEvent): void => {
    if (this.#socket) this.#detach(this.#socket)
    this.#socket = null
    if (!this.#wanted) {
      this.#setState("closed")
      return
    }
    if (event.code === UNAUTHORIZED_CLOSE_CODE) {
      // Retrying cannot help: wait for connect() (a new sign-in or token).
      this.#wanted = false
      this.#attempt = 0
      if (typeof window !== "undefined") window.removeEventListener("online", this.#onOnline)
      this.#setState("unauthorized")
      return
    }
    this.#scheduleReconnect()
  }

  readonly #onOnline = (): void => {
    // The network is back: do not wait out the backoff.
    if (this.#wanted && this.#timer !== undefined) {
      clearTimeout(this.#timer)
      this.#open()
    }
  }

  #scheduleReconnect(): void {
    this.#socket = null
    this.#setState("closed")
    if (!this.#wanted) return
    const delay = Math.min(this.#maxDelay, this.#minDelay * 2 ** this.#attempt)
    this.#attempt++
    this.#timer = setTimeout(() => this.#open(), delay)
  }

  #sendSubscribe(): void {
    const socket = this.#socket
    if (!socket || socket.readyState !== 1 /* OPEN */ || this.#topics.size === 0) return
    socket.send(JSON.stringify({ type: "subscribe", topics: [...this.#topics] }))
  }

  #setState(state: ConnectionState): void {
    if (this.#state === state) return
    this.#state = state
    for (const listener of [...this.#stateListeners]) listener(state)
  }
}

function isServerEvent(value: unknown): value is ServerEvent {
  if (typeof value !== "object" || value === null) return false
  const v = value as Record<string, unknown>
  return v["type"] === "event" && typeof v["topic"] === "string"
}

/**
 * The softphone's test doubles: a `SoftphoneEngine` that records what the UI asks and lets the
 * test play the network's part (incoming calls, answers, failures), and the credentials endpoint
 * (`GET /api/v1/telephony/me/sip`) served in-page from a replaced `fetch`.
 */
import type { SoftphoneCredentials, SoftphoneCredentialsDto } from "../api/softphone.js"
import type {
  CallEndReason,
  CallSnapshot,
  DtmfTransport,
  EngineConfig,
  EngineEvent,
  EngineListener,
  EngineStatus,
  SoftphoneEngine,
} from "../lib/softphone-engine.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

export class FakeEngine implements SoftphoneEngine {
  status: EngineStatus = { socket: "disconnected", registration: "unregistered" }
  readonly #calls = new Map<string, Mutable<CallSnapshot>>()
  readonly #listeners = new Set<EngineListener>()
  /** What the UI asked, in order: "call 102", "answer c1", "hold c1 on", "dtmf c1 5"… */
  readonly actions: string[] = []
  config: EngineConfig | undefined
  stopped = false
  /** Make the next setHeld / transfer fail with this message. */
  failHold: string | undefined
  failTransfer: string | undefined
  /** Register at once on start (default), or stay connecting. */
  autoRegister = true
  #next = 1

  get calls(): readonly CallSnapshot[] {
    return [...this.#calls.values()].map((c) => ({ ...c }))
  }

  subscribe(listener: EngineListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #emit(event: EngineEvent): void {
    for (const l of [...this.#listeners]) l(event)
  }

  setStatus(status: EngineStatus): void {
    this.status = status
    this.#emit({ type: "status", status })
  }

  async start(config: EngineConfig): Promise<void> {
    this.config = config
    this.actions.push("start")
    this.setStatus({ socket: "connecting", registration: "unregistered" })
    if (this.autoRegister) this.setStatus({ socket: "connected", registration: "registered" })
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.actions.push("stop")
  }

  reconnectNow(): void {
    this.actions.push("reconnect")
  }

  async updateCredentials(credentials: SoftphoneCredentials): Promise<void> {
    this.actions.push(`credentials ${credentials.password}`)
    if (this.config) this.config = { ...this.config, credentials }
  }

  #put(call: Mutable<CallSnapshot>): void {
    this.#calls.set(call.id, call)
    this.#emit({ type: "call", call: { ...call } })
  }

  #patch(id: string, patch: Partial<Mutable<CallSnapshot>>): void {
    const call = this.#calls.get(id)
    if (!call) throw new Error(`no call ${id}`)
    Object.assign(call, patch)
    this.#emit({ type: "call", call: { ...call } })
  }

  get(id: string): CallSnapshot {
    const call = this.#calls.get(id)
    if (!call) throw new Error(`no call ${id}`)
    return { ...call }
  }

  // ---- what the UI calls ----

  async call(target: string): Promise<string> {
    this.actions.push(`call ${target}`)
    const id = `c${this.#next++}`
    this.#put({ id, direction: "outgoing", phase: "dialing", remoteNumber: target, startedAt: Date.now(), held: false, remoteHeld: false, muted: false })
    return id
  }

  async answer(callId: string): Promise<void> {
    this.actions.push(`answer ${callId}`)
    this.#patch(callId, { phase: "active", answeredAt: Date.now() })
  }

  async decline(callId: string): Promise<void> {
    this.actions.push(`decline ${callId}`)
    this.#patch(callId, { phase: "ended", endedAt: Date.now(), endReason: "declined" })
  }

  async hangup(callId: string): Promise<void> {
    this.actions.push(`hangup ${callId}`)
    const call = this.get(callId)
    const reason: CallEndReason = call.phase === "active" ? "hangup" : call.direction === "outgoing" ? "cancelled" : "declined"
    this.#patch(callId, { phase: "ended", endedAt: Date.now(), endReason: reason })
  }

  setMuted(callId: string, muted: boolean): void {
    this.actions.push(`mute ${callId} ${muted ? "on" : "off"}`)
    this.#patch(callId, { muted })
  }

  async setHeld(callId: string, held: boolean): Promise<void> {
    this.actions.push(`hold ${callId} ${held ? "on" : "off"}`)
    if (this.failHold) {
      const message = this.failHold
      this.failHold = undefined
      throw new Error(message)
    }
    this.#patch(callId, { held })
  }

  async sendDtmf(callId: string, tone: string): Promise<DtmfTransport> {
    this.actions.push(`dtmf ${callId} ${tone}`)
    return "rtp"
  }

  async blindTransfer(callId: string, target: string): Promise<void> {
    this.actions.push(`blind ${callId} ${target}`)
    if (this.failTransfer) {
      const message = this.failTransfer
      this.failTransfer = undefined
      throw new Error(message)
    }
    this.#patch(callId, { phase: "ended", endedAt: Date.now(), endReason: "transferred" })
  }

  async attendedTransfer(callId: string, consultCallId: string): Promise<void> {
    this.actions.push(`attended ${callId} ${consultCallId}`)
    this.#patch(callId, { phase: "ended", endedAt: Date.now(), endReason: "transferred" })
    this.#patch(consultCallId, { phase: "ended", endedAt: Date.now(), endReason: "transferred" })
  }

  async setInputDevice(deviceId: string): Promise<void> {
    this.actions.push(`input ${deviceId}`)
  }

  forget(callId: string): void {
    if (this.#calls.get(callId)?.phase === "ended") this.#calls.delete(callId)
  }

  remoteStream(): MediaStream | undefined {
    return undefined
  }

  peerConnection(): RTCPeerConnection | undefined {
    return undefined
  }

  // ---- what the network does ----

  /** An incoming call starts ringing; returns its id. */
  incoming(number: string, displayName?: string): string {
    const id = `c${this.#next++}`
    this.#put({
      id,
      direction: "incoming",
      phase: "ringing",
      remoteNumber: number,
      ...(displayName ? { remoteDisplayName: displayName } : {}),
      startedAt: Date.now(),
      held: false,
      remoteHeld: false,
      muted: false,
    })
    return id
  }

  /** The other side of an outgoing call rings. */
  alerting(id: string): void {
    this.#patch(id, { phase: "alerting" })
  }

  /** The other side answers (`at`: when, for a call that has been going on a while). */
  answered(id: string, at = Date.now()): void {
    this.#patch(id, { phase: "active", answeredAt: at })
  }

  /** The call ends from the other side (or the network). */
  ended(id: string, endReason: CallEndReason = "remote-hangup", endStatus?: string): void {
    this.#patch(id, { phase: "ended", endedAt: Date.now(), endReason, ...(endStatus ? { endStatus } : {}) })
  }

  remoteHold(id: string, held: boolean): void {
    this.#patch(id, { remoteHeld: held })
  }
}

export const FAKE_CREDENTIALS: SoftphoneCredentialsDto = {
  wsUrl: "/sip",
  uri: "sip:operator@pbx.test",
  authorizationUsername: "operator",
  password: "secret-1",
  displayName: "Ольга Оператор",
  extensions: ["101"],
}

export interface FakeCredentials {
  /** Requests to the endpoint, in order. */
  readonly requests: { headers: Headers; credentials: RequestCredentials | undefined }[]
  status: number
  body: unknown
  /** `code` of the problem when status ≥ 400 (default: unauthorized for 401, not_found else). */
  code: string | undefined
  restore(): void
}

/** Serves `GET /api/v1/telephony/me/sip` from a replaced fetch; other URLs pass through. */
export function installCredentials(body: unknown = FAKE_CREDENTIALS, status = 200): FakeCredentials {
  const original = window.fetch
  const fake: FakeCredentials = {
    requests: [],
    status,
    body,
    code: undefined,
    restore: () => {
      window.fetch = original
    },
  }
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url, location.href)
    if (url.pathname !== "/api/v1/telephony/me/sip") return original(input, init)
    fake.requests.push({ headers: new Headers(init?.headers), credentials: init?.credentials })
    const type = fake.status >= 400 ? "application/problem+json" : "application/json"
    const payload = fake.status >= 400 ? { title: "Error", status: fake.status, code: fake.code ?? (fake.status === 401 ? "unauthorized" : "not_found") } : fake.body
    return new Response(JSON.stringify(payload), { status: fake.status, headers: { "Content-Type": type } })
  }
  return fake
}

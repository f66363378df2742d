/**
 * `SoftphoneEngine` on sip.js: one `UserAgent` over a WebSocket (RFC 7118), one `Registerer`,
 * an `Inviter` / `Invitation` per call with sip.js's WebRTC session description handler.
 *
 * What sip.js does not do and this file adds: reconnecting with backoff (0.5 s … 3 s) and
 * registering again on every new socket (a REGISTER lost with the old socket is abandoned with its
 * Registerer), an ICE-restart re-INVITE of every answered call when a socket comes back, hold as
 * a re-INVITE that keeps the mute state, DTMF as RFC 4733 with INFO as the fallback, blind and
 * attended transfer (REFER; with Replaces naming the consulted party's address of record, which
 * the server can route, rather than its Contact), accepting an INVITE with Replaces without
 * ringing, and switching the microphone of live calls with `replaceTrack`.
 */
import {
  Grammar,
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  SessionState,
  SIPExtension,
  URI,
  UserAgent,
  UserAgentState,
  type Session,
} from "sip.js"
import type { SoftphoneCredentials } from "../api/softphone.js"
import {
  backoffDelay,
  type CallEndReason,
  type CallSnapshot,
  type DtmfTransport,
  type EngineConfig,
  type EngineListener,
  type EngineStatus,
  type SoftphoneEngine,
} from "./softphone-engine.js"

/** The parts of sip.js's web SessionDescriptionHandler used here (it is not exported by the main entry). */
interface WebSdh {
  readonly peerConnection: RTCPeerConnection | undefined
  readonly localMediaStream: MediaStream
  readonly remoteMediaStream: MediaStream
  enableSenderTracks(enable: boolean): void
  enableReceiverTracks(enable: boolean): void
  sendDtmf(tones: string, options?: { duration: number; interToneGap: number }): boolean
}

type IncomingRequestMessage = Invitation["request"]
/** A response as sip.js's request delegates hand it over. */
interface IncomingResponse {
  readonly message: { readonly statusCode?: number | undefined; readonly reasonPhrase?: string | undefined }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

interface CallEntry {
  readonly session: Inviter | Invitation
  snapshot: Mutable<CallSnapshot>
  /** Audio constraints the call started with (kept for its re-INVITEs, see setInputDevice). */
  readonly audio: MediaTrackConstraints | true
  rejectStatus?: number
  rejectReason?: string
  cancelReason?: string
}

export interface SipJsEngineOptions {
  /** sip.js log lines (default: errors to console.warn). */
  readonly log?: (level: "debug" | "log" | "warn" | "error", message: string) => void
  /** Seconds of one REGISTER binding (default 300). */
  readonly registerExpires?: number
}

const SDP_HOLD = /^a=(sendonly|inactive)\s*$/m
const DTMF_TONE = /^[0-9A-Da-d#*]$/

let nextId = 1

export class SipJsEngine implements SoftphoneEngine {
  #status: EngineStatus = { socket: "disconnected", registration: "unregistered" }
  readonly #calls = new Map<string, CallEntry>()
  readonly #listeners = new Set<EngineListener>()
  readonly #options: SipJsEngineOptions
  #ua: UserAgent | undefined
  #registerer: Registerer | undefined
  #config: EngineConfig | undefined
  #inputDeviceId = ""
  #running = false
  #attempt = 0
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined
  #registerTimer: ReturnType<typeof setTimeout> | undefined
  /** True once a socket was up: the next one restarts ICE of live calls. */
  #wasConnected = false
  /** A new socket came while calls were up: they restart ICE once registered on it. */
  #iceRestartDue = false
  #restartWhenIdle = false

  constructor(options: SipJsEngineOptions = {}) {
    this.#options = options
  }

  get status(): EngineStatus {
    return this.#status
  }

  get calls(): readonly CallSnapshot[] {
    return [...this.#calls.values()].map((c) => c.snapshot)
  }

  subscribe(listener: EngineListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  async start(config: EngineConfig): Promise<void> {
    if (this.#running) await this.stop()
    this.#config = config
    this.#inputDeviceId = config.inputDeviceId
    this.#running = true
    this.#attempt = 0
    this.#wasConnected = false
    this.#iceRestartDue = false
    const { credentials } = config
    const uri = UserAgent.makeURI(credentials.uri)
    if (!uri) throw new Error(`invalid SIP URI: ${credentials.uri}`)
    const log = this.#options.log
    const ua = new UserAgent({
      uri,
      authorizationUsername: credentials.authorizationUsername,
      authorizationPassword: credentials.password,
      displayName: credentials.displayName,
      transportOptions: { server: credentials.wsUrl, connectionTimeout: 5, keepAliveInterval: 25 },
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: [...config.iceServers] },
        iceGatheringTimeout: 3000,
      },
      sipExtensionReplaces: SIPExtension.Supported,
      userAgentString: "Switchboard-Softphone (sip.js)",
      noAnswerTimeout: 120,
      logBuiltinEnabled: false,
      logLevel: log ? "log" : "error",
      logConnector: (level, category, _label, content) => {
        if (log) log(level, `${category}: ${content}`)
        else if (level === "error") console.warn(`[softphone] ${category}: ${content}`)
      },
      delegate: {
        onConnect: () => this.#onConnect(ua),
        onDisconnect: (error) => this.#onDisconnect(ua, error),
        onInvite: (invitation) => this.#onInvite(invitation),
      },
    })
    this.#ua = ua
    this.#registerer = this.#makeRegisterer(ua)
    await this.#connect(ua)
  }

  async stop(): Promise<void> {
    this.#running = false
    clearTimeout(this.#reconnectTimer)
    clearTimeout(this.#registerTimer)
    const ua = this.#ua
    const registerer = this.#registerer
    this.#ua = undefined
    this.#registerer = undefined
    for (const entry of this.#calls.values()) {
      if (entry.snapshot.phase !== "ended") await this.hangup(entry.snapshot.id).catch(() => undefined)
    }
    if (registerer && registerer.state === RegistererState.Registered && ua?.isConnected()) {
      await registerer.unregister().catch(() => undefined)
    }
    await registerer?.dispose().catch(() => undefined)
    if (ua && ua.state === UserAgentState.Started) await ua.stop().catch(() => undefined)
    this.#setStatus({ socket: "disconnected", registration: "unregistered" })
  }

  async updateCredentials(credentials: SoftphoneCredentials): Promise<void> {
    const config = this.#config
    const ua = this.#ua
    if (!config || !ua || !this.#running) return
    const before = config.credentials
    this.#config = { ...config, credentials }
    if (credentials.uri === before.uri && credentials.wsUrl === before.wsUrl && credentials.authorizationUsername === before.authorizationUsername) {
      // sip.js reads the password from its options at every challenge
      ua.configuration.authorizationPassword = credentials.password
      ua.configuration.displayName = credentials.displayName
      if (ua.isConnected()) this.#register()
      return
    }
    this.#restartWhenIdle = true
    this.#restartIfIdle()
  }

  /** Restarts with the stored config once no call is live (after an identity change). */
  #restartIfIdle(): void {
    if (!this.#restartWhenIdle || [...this.#calls.values()].some((c) => c.snapshot.phase !== "ended")) return
    this.#restartWhenIdle = false
    const config = this.#config
    if (config) void this.start({ ...config, inputDeviceId: this.#inputDeviceId })
  }

  reconnectNow(): void {
    const ua = this.#ua
    if (!this.#running || !ua || this.#status.socket === "connecting") return
    if (ua.isConnected()) {
      // connected but refused or waiting: REGISTER now rather than at the next retry
      if (this.#status.registration !== "registered" && this.#status.registration !== "registering") this.#register()
      return
    }
    clearTimeout(this.#reconnectTimer)
    void this.#connect(ua)
  }

  // ---- connection and registration -------------------------------------------------------

  async #connect(ua: UserAgent): Promise<void> {
    if (!this.#running || ua !== this.#ua) return
    this.#setStatus({ socket: "connecting", registration: this.#status.registration === "failed" ? "failed" : "unregistered" })
    try {
      if (ua.state !== UserAgentState.Started) await ua.start()
      else await ua.reconnect()
    } catch (error) {
      if (ua !== this.#ua || !this.#running) return
      this.#scheduleReconnect(ua, describe(error, "WebSocket connection failed"))
    }
  }

  #scheduleReconnect(ua: UserAgent, reason: string): void {
    clearTimeout(this.#reconnectTimer)
    const delay = backoffDelay(this.#attempt++)
    this.#setStatus({ socket: "disconnected", registration: "unregistered", reason, retryAt: Date.now() + delay })
    this.#reconnectTimer = setTimeout(() => void this.#connect(ua), delay)
  }

  #onConnect(ua: UserAgent): void {
    if (ua !== this.#ua) return
    this.#attempt = 0
    this.#setStatus({ socket: "connected", registration: "unregistered" })
    // the server lets a call move to the new socket only once the account registered over it
    this.#iceRestartDue = this.#wasConnected
    this.#wasConnected = true
    this.#register()
  }

  #onDisconnect(ua: UserAgent, error?: Error): void {
    if (ua !== this.#ua || !this.#running) return
    clearTimeout(this.#registerTimer)
    this.#scheduleReconnect(ua, describe(error, "WebSocket closed"))
  }

  #makeRegisterer(ua: UserAgent): Registerer {
    const registerer = new Registerer(ua, { expires: this.#options.registerExpires ?? 300 })
    registerer.stateChange.addListener((state) => {
      if (registerer !== this.#registerer) return
      if (state === RegistererState.Registered) {
        clearTimeout(this.#registerTimer)
        this.#setStatus({ socket: "connected", registration: "registered" })
        this.#registeredOnSocket()
      } else if (state === RegistererState.Unregistered && this.#status.registration === "registered") {
        // a refresh failed (or the binding was removed): register again
        this.#setStatus({ ...this.#status, registration: "unregistered" })
        if (this.#ua?.isConnected()) this.#scheduleRegister(1000)
      }
    })
    return registerer
  }

  /** REGISTER on the current socket; a Registerer still waiting for a lost socket's answer is replaced. */
  #register(): void {
    const ua = this.#ua
    if (!ua || !this.#running || !ua.isConnected()) return
    clearTimeout(this.#registerTimer)
    let registerer = this.#registerer
    // `waiting` is public at run time, private in the typings
    if (!registerer || (registerer as unknown as { waiting: boolean }).waiting) {
      const stale = registerer
      registerer = this.#makeRegisterer(ua)
      this.#registerer = registerer
      stale?.dispose().catch(() => undefined)
    }
    // sip.js keeps the last Authorization on its REGISTER and sends it again unasked: after a
    // refusal or new credentials that is a stale answer the registrar counts as a failed attempt
    // (and locks the account out after a few). Let the registrar challenge afresh instead.
    delete (registerer as unknown as { request?: { headers: Record<string, unknown> } }).request?.headers["Authorization"]
    this.#setStatus({ socket: "connected", registration: "registering" })
    const current = registerer
    current
      .register({
        requestDelegate: {
          // the state may already be Registered (a new socket, the same Registerer): no state change then
          onAccept: () => {
            if (current !== this.#registerer) return
            clearTimeout(this.#registerTimer)
            this.#setStatus({ socket: "connected", registration: "registered" })
            this.#registeredOnSocket()
          },
          onReject: (response) => {
            if (current !== this.#registerer) return
            const statusCode = response.message.statusCode ?? 0
            const reasonPhrase = response.message.reasonPhrase ?? ""
            const reason = `${statusCode} ${reasonPhrase}`
            // transport errors (503 made up by sip.js) and timeouts retry soon; refusals slowly
            const refused = statusCode >= 400 && statusCode < 500 && statusCode !== 408
            this.#setStatus({ socket: this.#ua?.isConnected() ? "connected" : "disconnected", registration: refused ? "failed" : "unregistered", reason })
            this.#scheduleRegister(refused ? 30_000 : backoffDelay(2))
          },
        },
      })
      .catch((error: unknown) => {
        if (current !== this.#registerer) return
        this.#setStatus({ ...this.#status, registration: "unregistered", reason: describe(error, "REGISTER failed") })
        this.#scheduleRegister(backoffDelay(2))
      })
    // no final answer at all: try again on this socket
    this.#scheduleRegister(10_000)
  }

  #scheduleRegister(delay: number): void {
    clearTimeout(this.#registerTimer)
    this.#registerTimer = setTimeout(() => {
      if (this.#status.registration !== "registered") this.#register()
    }, delay)
  }

  #setStatus(status: EngineStatus): void {
    const a = this.#status
    if (a.socket === status.socket && a.registration === status.registration && a.reason === status.reason && a.retryAt === status.retryAt) return
    this.#status = status
    this.#emit({ type: "status", status })
  }

  #emit(event: Parameters<EngineListener>[0]): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event)
      } catch (error) {
        console.error(error)
      }
    }
  }

  // ---- calls ---------------------------------------------------------------------------

  #audioConstraints(): MediaTrackConstraints | true {
    return this.#inputDeviceId ? { deviceId: { ideal: this.#inputDeviceId } } : true
  }

  #targetUri(target: string): URI {
    const trimmed = target.trim()
    const domain = this.#ua?.configuration.uri.host ?? "invalid"
    const text = /^sips?:/i.test(trimmed) ? trimmed : trimmed.includes("@") ? `sip:${trimmed}` : `sip:${trimmed}@${domain}`
    const uri = UserAgent.makeURI(text)
    if (!uri || !uri.user) throw new Error(`invalid number: ${target}`)
    return uri
  }

  #track(session: Inviter | Invitation, snapshot: Mutable<CallSnapshot>, audio: MediaTrackConstraints | true): CallEntry {
    const entry: CallEntry = { session, snapshot, audio }
    this.#calls.set(snapshot.id, entry)
    session.delegate = {
      onBye: (bye) => {
        if (!entry.snapshot.endReason) entry.snapshot.endReason = "remote-hangup"
        void bye.accept()
      },
      onInfo: (info) => {
        const tone = /Signal\s*=\s*([0-9A-Da-d#*])/.exec(info.request.body)?.[1]
        void info.accept()
        if (tone) this.#emit({ type: "dtmf", callId: snapshot.id, tone: tone.toUpperCase() })
      },
      onInvite: (request) => {
        // a re-INVITE from the other side: sendonly/inactive means it holds us
        const held = SDP_HOLD.test(request.body ?? "")
        if (held !== entry.snapshot.remoteHeld) this.#update(entry, { remoteHeld: held })
        this.#applyTracks(entry)
      },
      onRefer: (referral) => {
        // we are the transferee: call the target, this call ends when the transferor hangs up
        const target = referral.referTo.uri
        void referral.accept().then(() => {
          const inviter = referral.makeInviter({ sessionDescriptionHandlerOptions: { constraints: { audio: this.#audioConstraints(), video: false } } })
          const id = `c${nextId++}`
          const child = this.#track(inviter, {
            id,
            direction: "outgoing",
            phase: "dialing",
            remoteNumber: target.user ?? target.toString(),
            startedAt: Date.now(),
            held: false,
            remoteHeld: false,
            muted: false,
            referredBy: entry.snapshot.remoteNumber,
          }, this.#audioConstraints())
          this.#emit({ type: "call", call: { ...child.snapshot } })
          void this.#invite(child, inviter)
        })
      },
      onCancel: (cancel) => {
        entry.cancelReason = cancel.request.getHeader("reason") ?? ""
      },
    }
    session.stateChange.addListener((state) => this.#onSessionState(entry, state))
    return entry
  }

  #update(entry: CallEntry, patch: Partial<Mutable<CallSnapshot>>): void {
    Object.assign(entry.snapshot, patch)
    for (const key of Object.keys(patch) as (keyof CallSnapshot)[]) {
      if (patch[key] === undefined) delete entry.snapshot[key]
    }
    this.#emit({ type: "call", call: { ...entry.snapshot } })
  }

  #onSessionState(entry: CallEntry, state: SessionState): void {
    const s = entry.snapshot
    if (state === SessionState.Established) {
      this.#update(entry, { phase: "active", answeredAt: Date.now() })
      this.#applyTracks(entry)
    } else if (state === SessionState.Terminated) {
      this.#update(entry, { phase: "ended", endedAt: Date.now(), endReason: this.#endReason(entry), pending: undefined, ...this.#endStatus(entry) })
      setTimeout(() => this.#restartIfIdle(), 0)
    } else if (state === SessionState.Establishing && s.direction === "outgoing" && s.phase !== "alerting") {
      this.#update(entry, { phase: "dialing" })
    }
  }

  #endReason(entry: CallEntry): CallEndReason {
    const s = entry.snapshot
    if (s.endReason) return s.endReason
    if (s.answeredAt) return "remote-hangup"
    if (s.direction === "incoming") return /cause=200/.test(entry.cancelReason ?? "") ? "answered-elsewhere" : "missed"
    const code = entry.rejectStatus
    if (code === undefined) return "failed"
    if (code === 486 || code === 600 || code === 603) return "busy"
    if (code === 404 || code === 484 || code === 604) return "not-found"
    if (code === 480 || code === 408) return "unavailable"
    if (code === 487) return "cancelled"
    return "failed"
  }

  #endStatus(entry: CallEntry): Partial<Mutable<CallSnapshot>> {
    return entry.rejectStatus !== undefined ? { endStatus: `${entry.rejectStatus} ${entry.rejectReason ?? ""}`.trim() } : {}
  }

  async #invite(entry: CallEntry, inviter: Inviter): Promise<void> {
    try {
      await inviter.invite({
        requestDelegate: {
          onProgress: (response: IncomingResponse) => {
            const code = response.message.statusCode
            if ((code === 180 || code === 183) && entry.snapshot.phase === "dialing") this.#update(entry, { phase: "alerting" })
          },
          onReject: (response: IncomingResponse) => {
            entry.rejectStatus = response.message.statusCode
            entry.rejectReason = response.message.reasonPhrase
          },
        },
      })
    } catch (error) {
      const noMic = error instanceof Error && /NotAllowed|Permission|NotFound|getUserMedia|media/i.test(`${error.name} ${error.message}`)
      if (entry.snapshot.phase !== "ended") {
        this.#update(entry, { phase: "ended", endedAt: Date.now(), endReason: "failed", endStatus: noMic ? "microphone" : describe(error, "INVITE failed") })
      }
      throw error
    }
  }

  async call(target: string): Promise<string> {
    const ua = this.#ua
    if (!ua) throw new Error("not started")
    const uri = this.#targetUri(target)
    const audio = this.#audioConstraints()
    const inviter = new Inviter(ua, uri, { sessionDescriptionHandlerOptions: { constraints: { audio, video: false } } })
    const id = `c${nextId++}`
    const entry = this.#track(inviter, {
      id,
      direction: "outgoing",
      phase: "dialing",
      remoteNumber: uri.user ?? target,
      startedAt: Date.now(),
      held: false,
      remoteHeld: false,
      muted: false,
    }, audio)
    this.#emit({ type: "call", call: { ...entry.snapshot } })
    await this.#invite(entry, inviter)
    return id
  }

  #onInvite(invitation: Invitation): void {
    // who calls as the server vouches for it (P-Asserted-Identity): the short number to call back and the account's name
    const asserted = invitation.request.getHeader("P-Asserted-Identity")
    const identity = (asserted ? Grammar.nameAddrHeaderParse(asserted) : undefined) ?? invitation.remoteIdentity
    const displayName = identity.displayName || invitation.remoteIdentity.displayName
    const replaces = this.#replacedCall(invitation.request)
    const audio = this.#audioConstraints()
    const id = `c${nextId++}`
    const referredBy = invitation.request.getHeader("referred-by")
    const entry = this.#track(invitation, {
      id,
      direction: "incoming",
      phase: "ringing",
      remoteNumber: identity.uri.user ?? identity.uri.toString(),
      ...(displayName ? { remoteDisplayName: displayName } : {}),
      startedAt: Date.now(),
      held: false,
      remoteHeld: false,
      muted: false,
      ...(replaces ? { replacesCallId: replaces.snapshot.id } : {}),
      ...(referredBy ? { referredBy: UserAgent.makeURI(referredBy.replace(/^.*<|>.*$/g, ""))?.user ?? referredBy } : {}),
    }, audio)
    if (replaces) {
      // RFC 3891: the replaced dialog is ours and confirmed — take the call without ringing;
      // sip.js sends BYE on the replaced session once this one is accepted.
      replaces.snapshot.endReason = "transferred"
      this.#emit({ type: "call", call: { ...entry.snapshot } })
      void invitation.accept({ sessionDescriptionHandlerOptions: { constraints: { audio, video: false } } }).catch(() => undefined)
      return
    }
    this.#emit({ type: "call", call: { ...entry.snapshot } })
  }

  /** The call an INVITE with Replaces names (sip.js already answered 481 when it names none). */
  #replacedCall(request: IncomingRequestMessage): CallEntry | undefined {
    if (!request.hasHeader("replaces")) return undefined
    const callId = /^\s*([^;\s]+)/.exec(request.getHeader("replaces") ?? "")?.[1]
    if (!callId) return undefined
    return [...this.#calls.values()].find((c) => c.snapshot.phase !== "ended" && c.session.request.callId === callId)
  }

  #entry(callId: string): CallEntry {
    const entry = this.#calls.get(callId)
    if (!entry) throw new Error(`unknown call ${callId}`)
    return entry
  }

  async answer(callId: string): Promise<void> {
    const entry = this.#entry(callId)
    if (!(entry.session instanceof Invitation) || entry.session.state !== SessionState.Initial) return
    try {
      await entry.session.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: entry.audio, video: false } } })
    } catch (error) {
      const noMic = error instanceof Error && /NotAllowed|Permission|NotFound|getUserMedia|media/i.test(`${error.name} ${error.message}`)
      if (entry.snapshot.phase !== "ended") {
        this.#update(entry, { phase: "ended", endedAt: Date.now(), endReason: "failed", endStatus: noMic ? "microphone" : describe(error, "answer failed") })
      }
      await entry.session.reject({ statusCode: 488 }).catch(() => undefined)
      throw error
    }
  }

  async decline(callId: string): Promise<void> {
    const entry = this.#entry(callId)
    if (!(entry.session instanceof Invitation)) return this.hangup(callId)
    entry.snapshot.endReason = "declined"
    // 486 rather than 603: our other devices keep ringing (6xx would end every branch)
    if (entry.session.state === SessionState.Initial || entry.session.state === SessionState.Establishing) {
      await entry.session.reject({ statusCode: 486 })
    }
  }

  async hangup(callId: string): Promise<void> {
    const entry = this.#entry(callId)
    const session = entry.session
    switch (session.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (session instanceof Inviter) {
          entry.snapshot.endReason ??= "cancelled"
          await session.cancel()
        } else {
          entry.snapshot.endReason ??= "declined"
          await session.reject({ statusCode: 486 })
        }
        return
      case SessionState.Established:
        entry.snapshot.endReason ??= "hangup"
        await session.bye()
        return
      default:
        return
    }
  }

  setMuted(callId: string, muted: boolean): void {
    const entry = this.#entry(callId)
    this.#update(entry, { muted })
    this.#applyTracks(entry)
  }

  /** Sender tracks on unless muted or held; receiver tracks off while held. */
  #applyTracks(entry: CallEntry): void {
    const sdh = sdhOf(entry.session)
    if (!sdh?.peerConnection) return
    const s = entry.snapshot
    sdh.enableReceiverTracks(!s.held)
    sdh.enableSenderTracks(!s.held && !s.muted)
  }

  async setHeld(callId: string, held: boolean): Promise<void> {
    const entry = this.#entry(callId)
    if (entry.session.state !== SessionState.Established) throw new Error("the call is not answered")
    if (entry.snapshot.held === held) return
    this.#update(entry, { pending: held ? "hold" : "unhold" })
    try {
      await this.#reinvite(entry, { hold: held })
      this.#update(entry, { held, pending: undefined })
      this.#applyTracks(entry)
    } catch (error) {
      this.#update(entry, { pending: undefined })
      throw error
    }
  }

  /** A re-INVITE; resolves on 2xx, rejects with the status otherwise. */
  #reinvite(entry: CallEntry, options: { hold: boolean; iceRestart?: boolean }): Promise<void> {
    const session = entry.session
    session.sessionDescriptionHandlerOptionsReInvite = {
      constraints: { audio: entry.audio, video: false },
      hold: options.hold,
      ...(options.iceRestart ? { offerOptions: { iceRestart: true } } : {}),
    } as Session["sessionDescriptionHandlerOptionsReInvite"]
    return new Promise<void>((resolve, reject) => {
      session
        .invite({
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => reject(new SipStatusError(response.message.statusCode ?? 0, response.message.reasonPhrase ?? "")),
          },
        })
        .catch(reject)
    })
  }

  #registeredOnSocket(): void {
    if (!this.#iceRestartDue) return
    this.#iceRestartDue = false
    this.#restartIce()
  }

  /** A new socket: ask every answered call to restart ICE (its route may have changed with it). */
  #restartIce(): void {
    for (const entry of this.#calls.values()) {
      if (entry.session.state !== SessionState.Established) continue
      this.#reinvite(entry, { hold: entry.snapshot.held, iceRestart: true }).catch((error: unknown) => {
        // 481: the server forgot the dialog with the old socket; 408: nobody answers
        if (error instanceof SipStatusError && (error.status === 481 || error.status === 408) && entry.session.state === SessionState.Established) {
          entry.snapshot.endReason = "connection-lost"
          void entry.session.bye().catch(() => undefined)
        }
      })
    }
  }

  async sendDtmf(callId: string, tone: string): Promise<DtmfTransport> {
    if (!DTMF_TONE.test(tone)) throw new RangeError(`not a DTMF tone: ${tone}`)
    const entry = this.#entry(callId)
    if (entry.session.state !== SessionState.Established) throw new Error("the call is not answered")
    const sdh = sdhOf(entry.session)
    if (sdh?.sendDtmf(tone.toUpperCase(), { duration: 100, interToneGap: 70 })) return "rtp"
    await entry.session.info({
      requestOptions: {
        body: { contentDisposition: "render", contentType: "application/dtmf-relay", content: `Signal=${tone.toUpperCase()}\r\nDuration=160` },
      },
    })
    return "info"
  }

  async blindTransfer(callId: string, target: string): Promise<void> {
    const entry = this.#entry(callId)
    if (entry.session.state !== SessionState.Established) throw new Error("the call is not answered")
    const uri = this.#targetUri(target)
    await this.#refer(entry, uri, false)
    entry.snapshot.endReason = "transferred"
    await entry.session.bye().catch(() => undefined)
  }

  async attendedTransfer(callId: string, consultCallId: string): Promise<void> {
    const entry = this.#entry(callId)
    const consult = this.#entry(consultCallId)
    const dialog = consult.session.dialog
    if (entry.session.state !== SessionState.Established || consult.session.state !== SessionState.Established || !dialog) {
      throw new Error("both calls must be answered")
    }
    // Refer-To: the consulted party's address of record (routable by the server's dialplan),
    // not its Contact, with Replaces naming our dialog with it.
    const aor = consult.session.remoteIdentity.uri.clone()
    const replaces = `${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`
    const referTo = new BracketedUri(aor.scheme, aor.user ?? "", aor.host, aor.port, {}, { Replaces: [encodeURIComponent(replaces)] })
    await this.#refer(entry, referTo, true)
    entry.snapshot.endReason = "transferred"
    consult.snapshot.endReason = "transferred"
    // the target ends our consult call itself (BYE, as its new call replaced it); we end ours
    await entry.session.bye().catch(() => undefined)
    if (consult.session.state === SessionState.Established) {
      setTimeout(() => {
        if (consult.session.state === SessionState.Established) void consult.session.bye().catch(() => undefined)
      }, 3000)
    }
  }

  /**
   * REFER. Blind: resolves once the peer accepts it (202). Attended: resolves when its NOTIFY
   * says the target answered (or 8 s after the 202 without a final NOTIFY), rejects when it
   * says the target refused — both calls then stay as they are.
   */
  #refer(entry: CallEntry, referTo: URI, waitForOutcome: boolean): Promise<void> {
    this.#update(entry, { pending: "transfer" })
    let timer: ReturnType<typeof setTimeout> | undefined
    return new Promise<void>((resolve, reject) => {
      entry.session
        .refer(referTo, {
          requestDelegate: {
            onAccept: () => {
              if (waitForOutcome) timer = setTimeout(resolve, 8000)
              else resolve()
            },
            onReject: (response) => reject(new SipStatusError(response.message.statusCode ?? 0, response.message.reasonPhrase ?? "")),
          },
          onNotify: (notification) => {
            void notification.accept()
            const m = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/m.exec(notification.request.body ?? "")
            const code = m ? Number(m[1]) : 0
            if (code >= 200 && code < 300) resolve()
            else if (code >= 300) reject(new SipStatusError(code, m?.[2] ?? ""))
          },
        })
        .catch(reject)
    }).then(
      () => clearTimeout(timer),
      (error: unknown) => {
        clearTimeout(timer)
        this.#update(entry, { pending: undefined })
        throw error
      },
    )
  }

  async setInputDevice(deviceId: string): Promise<void> {
    this.#inputDeviceId = deviceId
    const live = [...this.#calls.values()].filter((c) => c.snapshot.phase !== "ended" && sdhOf(c.session)?.peerConnection)
    if (live.length === 0) return
    const stream = await navigator.mediaDevices.getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true, video: false })
    const track = stream.getAudioTracks()[0]
    if (!track) return
    live.forEach((entry, i) => void this.#replaceTrack(entry, i === 0 ? track : track.clone()))
  }

  async #replaceTrack(entry: CallEntry, track: MediaStreamTrack): Promise<void> {
    const sdh = sdhOf(entry.session)
    const pc = sdh?.peerConnection
    if (!sdh || !pc) {
      track.stop()
      return
    }
    const sender = pc.getSenders().find((s) => s.track?.kind === "audio") ?? pc.getSenders().find((s) => !s.track)
    if (!sender) return track.stop()
    const old = sender.track
    track.enabled = !entry.snapshot.held && !entry.snapshot.muted
    await sender.replaceTrack(track)
    // keep sip.js's local stream in step, so its re-INVITEs carry the new microphone
    const local = sdh.localMediaStream
    if (old) {
      local.removeTrack(old)
      old.stop()
    }
    local.addTrack(track)
  }

  forget(callId: string): void {
    const entry = this.#calls.get(callId)
    if (entry && entry.snapshot.phase === "ended") this.#calls.delete(callId)
  }

  remoteStream(callId: string): MediaStream | undefined {
    const entry = this.#calls.get(callId)
    return entry ? sdhOf(entry.session)?.remoteMediaStream : undefined
  }

  peerConnection(callId: string): RTCPeerConnection | undefined {
    const entry = this.#calls.get(callId)
    return entry ? sdhOf(entry.session)?.peerConnection : undefined
  }
}

/** A SIP status as an error (re-INVITE or REFER refused). */
export class SipStatusError extends Error {
  constructor(
    readonly status: number,
    reason: string,
  ) {
    super(`${status} ${reason}`)
    this.name = "SipStatusError"
  }
}

/** A URI with headers must be a name-addr in Refer-To (RFC 3261 §20.10): sip.js writes it bare. */
class BracketedUri extends URI {
  override toString(): string {
    return `<${super.toString()}>`
  }
}

function sdhOf(session: Session): WebSdh | undefined {
  const sdh = session.sessionDescriptionHandler as unknown as Partial<WebSdh> | undefined
  return sdh && "peerConnection" in sdh ? (sdh as WebSdh) : undefined
}

function describe(error: unknown, fallback: string): string {
  if (error instanceof Error && error.message) return error.message
  return fallback
}

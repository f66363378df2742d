import { ContextConsumer } from "@lit/context"
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit"
import {
  credentialsChanged,
  credentialsProblemOf,
  fetchSoftphoneCredentials,
  refreshDelay,
  type CredentialsProblem,
  type CredentialsSource,
  type SoftphoneCredentials,
} from "../api/softphone.js"
import { intlLocale, observeDocumentLang, resolveLang, type Lang } from "../i18n/i18n.js"
import { apiContext, sessionContext } from "../context.js"
import { CallAudio, canChooseOutput, listAudioDevices, requestMicrophone, TonePlayer, type AudioDevices } from "../lib/softphone-audio.js"
import { renderCallView, type ConsultState, type TransferState } from "../lib/softphone-call-view.js"
import { renderDialPad } from "../lib/softphone-dialpad.js"
import {
  backoffDelay,
  isLive,
  statusLevel,
  type CallSnapshot,
  type EngineEvent,
  type EngineStatus,
  type SoftphoneEngine,
  type SoftphoneEngineFactory,
} from "../lib/softphone-engine.js"
import { softphoneText, softphoneTexts, type SoftphoneMessageKey } from "../lib/softphone-i18n.js"
import { CallAnsweredEvent, CallEndedEvent, CallRingingEvent, SoftphoneStatusEvent, type SoftphoneCallInfo } from "../lib/softphone-events.js"
import { addHistory, clearHistory, isMissed, loadHistory, type HistoryEntry } from "../lib/softphone-history.js"
import { renderHistory } from "../lib/softphone-history-view.js"
import { backIcon, gearIcon, retryIcon } from "../lib/softphone-icons.js"
import { cleanNumber, dialInputValue, formatNumber, type NationalFormat } from "../lib/softphone-numbers.js"
import { loadSettings, saveSettings, type SoftphoneSettings } from "../lib/softphone-settings.js"
import { renderSettings, type NotificationState } from "../lib/softphone-settings-view.js"
import { deepActiveElement, isTextField, shortcutOf } from "../lib/softphone-shortcuts.js"
import { CallNotifications } from "../lib/softphone-notify.js"
import { describeStatus, renderStatusDot } from "../lib/softphone-status.js"
import { softphoneBase, softphoneStyles } from "../lib/softphone-styles.js"
import { callName, formatHistoryTime, type SoftphoneActions, type SoftphoneTab, type ViewContext } from "../lib/softphone-view.js"

/** `contact-lookup`: a number → the contact's name (or nothing), at once or later. */
export type ContactLookup = (number: string) => string | null | undefined | Promise<string | null | undefined>

const NOTICE_MS = 6000

/**
 * `<org-softphone>`: a browser softphone (SIP over WebSocket, WebRTC audio) for operators and
 * CRM users. It asks the server for the signed-in user's SIP credentials
 * (`GET /api/v1/telephony/me/sip`, session cookie or widget token), registers, and then makes and
 * takes calls: dial pad with paste clean-up, history with redial, ring tone on the chosen device,
 * desktop notification, mute, hold, DTMF, blind and attended transfer, device settings,
 * reconnection with backoff.
 *
 * Keyboard (not while typing in a text field other than the softphone's own number fields):
 * Alt+A answers, Alt+H hangs up / cancels / declines, Alt+M mutes; Enter in the number field
 * calls, Escape clears it.
 *
 * @attr token - widget token (otherwise the session cookie is used)
 * @attr base-url - origin of the Switchboard server when the page is elsewhere
 * @attr ice-servers - JSON array of RTCIceServer (default `[]`: host candidates only)
 * @attr national-format - how 11-digit Russian numbers are dialled: `8` (default), `+7` or `7`
 * @attr no-shortcuts - turns the keyboard shortcuts off
 * @attr time-zone - IANA zone of history times (default: the tenant's inside the console, else the browser's)
 * @prop contactLookup - {@link ContactLookup}: names for numbers (CRM hosts)
 * @prop engineFactory - creates the SIP engine (default sip.js); tests pass a fake
 * @fires org-call-ringing - {@link CallRingingEvent}: an incoming call rings here
 * @fires org-call-answered - {@link CallAnsweredEvent}
 * @fires org-call-ended - {@link CallEndedEvent}
 * @csspart phone, header, status, status-dot, me, reconnect, settings-button, tabs, tab, dial-input, erase,
 *   lookup, keypad, key, call-button, history, history-item, history-empty, redial, clear-history, call,
 *   call-name, call-number, call-state, call-timer, held-chip, remote-held-chip, muted-chip, answer,
 *   decline, hangup, controls, control (+ mute, hold, keypad-toggle, transfer-toggle), dtmf, transfer,
 *   transfer-input, blind-transfer, consult, consult-panel, complete-transfer, cancel-transfer,
 *   incoming-banner, other-calls, other-call, switch-call, hangup-other, settings, device-select,
 *   volume, ring-volume, auto-answer, test-ringer, allow-microphone, allow-notifications,
 *   notifications-state, shortcuts, notice
 * @cssprop --org-softphone-call, --org-softphone-hangup, --org-softphone-key-bg, --org-softphone-history-height
 * @see docs/softphone.md
 *
 * Test and diagnostics hook: {@link peerConnection} gives a call's RTCPeerConnection (getStats),
 * {@link engine} the engine in use.
 *
 * It is a LitElement with the `lang` / `t()` behaviour of `OrgElement` rather than an OrgElement:
 * it reads only its own texts, so that embedding the softphone alone does not pull in the texts
 * of every widget (see softphone-i18n.ts).
 */
export class OrgSoftphone extends LitElement {
  /** How long the card of a call that just ended stays on screen (ms). */
  static endedCardMs = 2500

  static override properties = {
    lang: { type: String, reflect: true },
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    iceServers: {
      attribute: "ice-servers",
      converter: {
        fromAttribute: (value: string | null): RTCIceServer[] => {
          if (!value) return []
          try {
            const parsed: unknown = JSON.parse(value)
            return Array.isArray(parsed) ? (parsed as RTCIceServer[]) : []
          } catch {
            return []
          }
        },
      },
    },
    nationalFormat: { type: String, attribute: "national-format" },
    noShortcuts: { type: Boolean, attribute: "no-shortcuts" },
    timeZone: { type: String, attribute: "time-zone" },
    contactLookup: { attribute: false },
    engineFactory: { attribute: false },
    _status: { state: true },
    _credentialsProblem: { state: true },
    _calls: { state: true },
    _focusId: { state: true },
    _ended: { state: true },
    _tab: { state: true },
    _settingsOpen: { state: true },
    _number: { state: true },
    _keypadOpen: { state: true },
    _tones: { state: true },
    _transfer: { state: true },
    _consult: { state: true },
    _devices: { state: true },
    _settings: { state: true },
    _history: { state: true },
    _notice: { state: true },
    _now: { state: true },
    _ringerTesting: { state: true },
    _lookupTick: { state: true },
  }

  declare lang: string
  declare token: string | undefined
  declare baseUrl: string | undefined
  declare iceServers: RTCIceServer[]
  declare nationalFormat: NationalFormat
  declare noShortcuts: boolean
  declare timeZone: string | undefined
  declare contactLookup: ContactLookup | undefined
  declare engineFactory: SoftphoneEngineFactory | undefined
  declare _status: EngineStatus | undefined
  declare _credentialsProblem: CredentialsProblem | "loading" | undefined
  declare _calls: readonly CallSnapshot[]
  declare _focusId: string | undefined
  declare _ended: CallSnapshot | undefined
  declare _tab: SoftphoneTab
  declare _settingsOpen: boolean
  declare _number: string
  declare _keypadOpen: boolean
  declare _tones: string
  declare _transfer: TransferState | undefined
  declare _consult: ConsultState | undefined
  declare _devices: AudioDevices
  declare _settings: SoftphoneSettings
  declare _history: readonly HistoryEntry[]
  declare _notice: { kind: "error" | "info"; text: string } | undefined
  declare _now: number
  declare _ringerTesting: boolean
  declare _lookupTick: number

  // the ApiClient and session of a provider (the console), when there is one; otherwise the
  // element's own base-url and token (no ApiClient: see fetchSoftphoneCredentials)
  readonly #api = new ContextConsumer(this, { context: apiContext, subscribe: true })
  readonly #session = new ContextConsumer(this, { context: sessionContext, subscribe: true })
  readonly #tones = new TonePlayer()
  readonly #audio = new CallAudio()
  #engine: SoftphoneEngine | undefined
  #unsubscribe: (() => void) | undefined
  #credentials: SoftphoneCredentials | undefined
  #startSeq = 0
  #startedKey: [string, string] | undefined
  #credentialsRetry: ReturnType<typeof setTimeout> | undefined
  #refreshTimer: ReturnType<typeof setTimeout> | undefined
  /** Names of the server's directory by number (when the contact lookup has none). */
  #directory = new Map<string, string>()
  #credentialsAttempt = 0
  #refetchedAfterFailure = false
  /** Last snapshot seen of every call, to tell transitions apart. */
  readonly #seen = new Map<string, CallSnapshot>()
  readonly #notifications = new CallNotifications()
  readonly #names = new Map<string, string | null>()
  readonly #lookups = new Map<string, Promise<void>>()
  #clock: ReturnType<typeof setInterval> | undefined
  #endedTimer: ReturnType<typeof setTimeout> | undefined
  #noticeTimer: ReturnType<typeof setTimeout> | undefined
  #ringerTestTimer: ReturnType<typeof setTimeout> | undefined
  #lookupTimer: ReturnType<typeof setTimeout> | undefined
  #stopObservingLang: (() => void) | undefined
  #teardown: ReturnType<typeof setTimeout> | undefined

  constructor() {
    super()
    this.iceServers = []
    this.nationalFormat = "8"
    this.noShortcuts = false
    this._status = undefined
    this._credentialsProblem = "loading"
    this._calls = []
    this._tab = "dial"
    this._settingsOpen = false
    this._number = ""
    this._keypadOpen = false
    this._tones = ""
    this._devices = { inputs: [], outputs: [], labelled: false }
    this._settings = loadSettings()
    this._history = []
    this._now = Date.now()
    this._ringerTesting = false
    this._lookupTick = 0
  }

  /** The resolved language: `lang`, else `<html lang>`, else ru. */
  get locale(): Lang {
    return resolveLang(this.lang)
  }

  t(key: SoftphoneMessageKey, params?: Record<string, string | number>): string {
    return softphoneText(this.locale, key, params)
  }

  /** Renders once the texts of its language are here (a chunk of their own, loaded on first use). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const texts = softphoneTexts(this.locale)
    return texts ? texts.then(() => super.scheduleUpdate()) : super.scheduleUpdate()
  }

  // ---- public API ----------------------------------------------------------------------

  /** The engine in use (undefined before the credentials arrived). Diagnostics and tests. */
  get engine(): SoftphoneEngine | undefined {
    return this.#engine
  }

  /** Every call the softphone knows (live ones and those that just ended). */
  get calls(): readonly CallSnapshot[] {
    return this._calls
  }

  /** The call on screen. */
  get activeCall(): CallSnapshot | undefined {
    return this.#focused()
  }

  /** Which tone plays now (diagnostics, tests): the ring, the ringback, or none. */
  get tone(): "ring" | "ringback" | undefined {
    return this.#tones.playing
  }

  /** Test and diagnostics hook: the RTCPeerConnection of a call (default: the one on screen). */
  peerConnection(callId?: string): RTCPeerConnection | undefined {
    const id = callId ?? this.#focused()?.id
    return id ? this.#engine?.peerConnection(id) : undefined
  }

  /** Calls a number as given (it is cleaned first): click-to-call for CRM hosts. */
  async call(number: string): Promise<void> {
    await this.#placeCall(number)
  }

  /** Answers a ringing call (default: the first one). */
  async answer(callId?: string): Promise<void> {
    const id = callId ?? this._calls.find((c) => c.phase === "ringing")?.id
    if (id) await this.#answer(id)
  }

  /** Ends a call (default: the one on screen). */
  async hangup(callId?: string): Promise<void> {
    const id = callId ?? this.#focused()?.id
    if (id) await this.#hangup(id)
  }

  /** Connects again at once instead of waiting for the next attempt. */
  reconnect(): void {
    if (this._credentialsProblem && this._credentialsProblem !== "loading") void this.#start()
    else this.#engine?.reconnectNow()
  }

  // ---- lifecycle -----------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback()
    this.#stopObservingLang = observeDocumentLang(() => {
      if (!this.lang) this.requestUpdate()
    })
    document.addEventListener("keydown", this.#onKeydown)
    window.addEventListener("online", this.#onOnline)
    window.addEventListener("pointerdown", this.#unlockAudio, true)
    window.addEventListener("keydown", this.#unlockAudio, true)
    window.addEventListener("beforeunload", this.#onBeforeUnload)
    navigator.mediaDevices?.addEventListener?.("devicechange", this.#onDeviceChange)
    void this.#refreshDevices()
    // timers and the retry countdown; a quarter second keeps them within 250 ms of the truth
    this.#clock = setInterval(() => {
      if (this._calls.some((c) => c.phase === "active") || this._status?.retryAt) this._now = Date.now()
    }, 250)
    // moved within the page (disconnected and connected again at once): calls go on
    clearTimeout(this.#teardown)
    this.#teardown = undefined
    if (this.#startedKey === undefined) void this.#start()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#stopObservingLang?.()
    this.#stopObservingLang = undefined
    document.removeEventListener("keydown", this.#onKeydown)
    window.removeEventListener("online", this.#onOnline)
    window.removeEventListener("pointerdown", this.#unlockAudio, true)
    window.removeEventListener("keydown", this.#unlockAudio, true)
    window.removeEventListener("beforeunload", this.#onBeforeUnload)
    navigator.mediaDevices?.removeEventListener?.("devicechange", this.#onDeviceChange)
    clearInterval(this.#clock)
    clearTimeout(this.#teardown)
    this.#teardown = setTimeout(() => {
      this.#teardown = undefined
      clearTimeout(this.#credentialsRetry)
      clearTimeout(this.#ringerTestTimer)
      this.#startSeq++
      this.#startedKey = undefined
      void this.#stopEngine()
      this.#tones.stop()
      this.#audio.close()
      this.#notifications.closeAll()
    }, 0)
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed)
    if (changed.has("_status") || changed.has("_credentialsProblem")) this.#announceStatus()
    if (!this.isConnected || this.#startedKey === undefined) return
    const [source, engine] = this.#configKey()
    const [startedSource, startedEngine] = this.#startedKey
    if (engine !== startedEngine) void this.#start()
    else if (source !== startedSource) {
      // a new widget token (the host renews it) or client: new credentials, the calls go on
      if (!this.#engine) return void this.#start()
      this.#startedKey = [source, engine]
      void this.#refreshCredentials()
    }
  }

  /** Where credentials come from, and what the engine is made with. */
  #configKey(): [string, string] {
    const client = this.#api.value
    const source = client ? `client:${client.baseUrl}\n${client.token ?? ""}` : `own:${this.baseUrl ?? ""}\n${this.token ?? ""}`
    return [source, `${JSON.stringify(this.iceServers ?? [])}\n${this.engineFactory ? "custom" : "sipjs"}`]
  }

  async #start(): Promise<void> {
    const seq = ++this.#startSeq
    clearTimeout(this.#credentialsRetry)
    this.#startedKey = this.#configKey()
    await this.#stopEngine()
    if (seq !== this.#startSeq) return
    this._credentialsProblem = "loading"
    let credentials: SoftphoneCredentials
    try {
      credentials = await fetchSoftphoneCredentials(this.#credentialsSource())
    } catch (error) {
      if (seq !== this.#startSeq) return
      this._credentialsProblem = credentialsProblemOf(error)
      if (this._credentialsProblem === "unavailable") {
        // the server is down or restarting: keep asking
        this.#credentialsRetry = setTimeout(() => void this.#start(), Math.max(2000, backoffDelay(this.#credentialsAttempt++ + 2)))
      }
      return
    }
    if (seq !== this.#startSeq) return
    this.#credentialsAttempt = 0
    this.#useCredentials(credentials)
    this._credentialsProblem = undefined
    this._history = loadHistory(credentials.uri)
    // sip.js is loaded with the first softphone that starts (a separate chunk where the build splits)
    const engine = this.engineFactory ? this.engineFactory() : new (await import("../lib/softphone-sipjs.js")).SipJsEngine()
    if (seq !== this.#startSeq) return void engine.stop()
    this.#engine = engine
    this.#unsubscribe = engine.subscribe((event) => this.#onEngineEvent(engine, event))
    this._status = engine.status
    try {
      await engine.start({ credentials, iceServers: this.iceServers ?? [], inputDeviceId: this._settings.inputDeviceId })
    } catch (error) {
      if (engine === this.#engine) this.#showNotice("error", this.t("softphone.error.start", { reason: errorText(error) }))
    }
  }

  #credentialsSource(): CredentialsSource {
    return { client: this.#api.value, baseUrl: this.baseUrl, token: this.token || undefined, lang: this.locale }
  }

  async #stopEngine(): Promise<void> {
    const engine = this.#engine
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
    this.#engine = undefined
    this.#credentials = undefined
    clearTimeout(this.#refreshTimer)
    this.#seen.clear()
    this._calls = []
    this._status = undefined
    if (engine) await engine.stop().catch(() => undefined)
  }

  // ---- engine events -------------------------------------------------------------------

  #onEngineEvent(engine: SoftphoneEngine, event: EngineEvent): void {
    if (engine !== this.#engine) return
    if (event.type === "status") {
      this._status = event.status
      this._now = Date.now()
      if (event.status.registration === "registered") this.#refetchedAfterFailure = false
      else if (event.status.registration === "failed" && !this.#refetchedAfterFailure) {
        // the password may have expired or changed on the server: ask for it once more
        this.#refetchedAfterFailure = true
        void this.#refreshCredentials()
      }
      return
    }
    if (event.type === "dtmf") return
    this.#onCall(event.call)
  }

  /** Keeps what the server sent; plans the next fetch before the password (a SIP token) expires. */
  #useCredentials(credentials: SoftphoneCredentials): void {
    this.#credentials = credentials
    this.#directory = new Map(credentials.directory.filter((e) => e.name).map((e) => [e.number, e.name!]))
    clearTimeout(this.#refreshTimer)
    const delay = refreshDelay(credentials)
    if (delay !== undefined) this.#refreshTimer = setTimeout(() => void this.#refreshCredentials(), delay)
  }

  /**
   * Asks for the credentials again (the password expires, the registration was refused, the
   * host gave a new token) and hands them to the running engine: calls go on. When the server no
   * longer gives any (signed out, unlinked, blocked), the softphone stops — after the last call.
   */
  async #refreshCredentials(): Promise<void> {
    const engine = this.#engine
    if (!engine) return void this.#start()
    clearTimeout(this.#refreshTimer)
    try {
      const fresh = await fetchSoftphoneCredentials(this.#credentialsSource())
      if (engine !== this.#engine) return
      const before = this.#credentials
      this.#useCredentials(fresh)
      if (credentialsChanged(before, fresh)) await engine.updateCredentials(fresh)
    } catch (error) {
      if (engine !== this.#engine) return
      const problem = credentialsProblemOf(error)
      if (problem === "unavailable") {
        this.#refreshTimer = setTimeout(() => void this.#refreshCredentials(), 60_000)
      } else if (!this._calls.some(isLive)) {
        await this.#stopEngine()
        this._credentialsProblem = problem
      } else {
        this.#refreshTimer = setTimeout(() => void this.#refreshCredentials(), 30_000)
      }
    }
  }

  #onCall(call: CallSnapshot): void {
    const prev = this.#seen.get(call.id)
    this.#seen.set(call.id, call)
    this._now = Date.now()
    const index = this._calls.findIndex((c) => c.id === call.id)
    this._calls = index < 0 ? [...this._calls, call] : this._calls.map((c) => (c.id === call.id ? call : c))
    if (!prev) this.#callStarted(call)
    if (call.phase === "active" && prev?.phase !== "active") this.#callAnswered(call)
    if (call.phase === "ended" && prev?.phase !== "ended") this.#callEnded(call)
    this.#syncSound()
    if (call.phase === "active") {
      const stream = this.#engine?.remoteStream(call.id)
      if (stream) this.#audio.attach(call.id, stream)
    }
  }

  #info(call: CallSnapshot): SoftphoneCallInfo {
    return { callId: call.id, direction: call.direction, number: call.remoteNumber, name: this.#nameFor(call) }
  }

  #nameFor(call: CallSnapshot): string | undefined {
    return callName(this.#viewContext(), call)
  }

  #callStarted(call: CallSnapshot): void {
    this.#lookup(call.remoteNumber)
    const others = this._calls.filter((c) => c.id !== call.id && isLive(c))
    if (call.replacesCallId) {
      // the target side of an attended transfer: the new call takes the old one's place
      if (!this._focusId || this._focusId === call.replacesCallId) this._focusId = call.id
      return
    }
    if (call.direction === "outgoing") {
      this._focusId = call.id
      this._ended = undefined
      return
    }
    if (call.phase !== "ringing") return
    if (others.length === 0) {
      this._focusId = call.id
      this._ended = undefined
    }
    this.dispatchEvent(new CallRingingEvent(this.#info(call)))
    if (this._settings.autoAnswer && others.length === 0) {
      void this.#answer(call.id)
      return
    }
    const name = this.#nameFor(call)
    this.#notifications.show(call.id, this.t("softphone.notify.title"), name ? `${name} · ${formatNumber(call.remoteNumber)}` : formatNumber(call.remoteNumber))
  }

  #callAnswered(call: CallSnapshot): void {
    this.#notifications.close(call.id)
    if (call.direction === "incoming" || !this._focusId || this._focusId === call.id) this._focusId = call.id
    this.dispatchEvent(new CallAnsweredEvent(this.#info(call)))
  }

  #callEnded(call: CallSnapshot): void {
    this.#notifications.close(call.id)
    this.#audio.detach(call.id)
    const seconds = call.answeredAt && call.endedAt ? Math.round((call.endedAt - call.answeredAt) / 1000) : 0
    const reason = call.endReason ?? "hangup"
    const name = this.#nameFor(call)
    if (this.#credentials) {
      this._history = addHistory(this.#credentials.uri, {
        id: `${call.startedAt}-${call.id}`,
        direction: call.direction,
        number: call.remoteNumber,
        ...(name ? { name } : {}),
        at: call.startedAt,
        seconds,
        outcome: reason,
      })
    }
    this.dispatchEvent(new CallEndedEvent(this.#info(call), reason, seconds))
    if (this._consult && (this._consult.consultId === call.id || this._consult.originalId === call.id)) this._consult = undefined
    const wasFocused = this.#focused()?.id === call.id || this._focusId === call.id
    if (this._focusId === call.id) this._focusId = undefined
    if (!this._calls.some((c) => isLive(c))) {
      this._keypadOpen = false
      this._tones = ""
      this._transfer = undefined
    }
    // show how it ended for a moment, unless it was answered somewhere else or handed over
    if (wasFocused && reason !== "transferred" && reason !== "answered-elsewhere" && !this._calls.some(isLive)) {
      this._ended = call
      clearTimeout(this.#endedTimer)
      this.#endedTimer = setTimeout(() => (this._ended = undefined), OrgSoftphone.endedCardMs)
    }
    if (call.endReason === "failed" && call.endStatus === "microphone") this.#showNotice("error", this.t("softphone.error.microphone"))
    const engine = this.#engine
    setTimeout(() => {
      engine?.forget(call.id)
      if (engine === this.#engine) this._calls = this._calls.filter((c) => c.id !== call.id)
      this.#seen.delete(call.id)
    }, 0)
  }

  #announced = ""
  /** Tells the host page when the status it would show changes (`org-softphone-status`). */
  #announceStatus(): void {
    const info = describeStatus(this.#viewContext(), this._status, this._credentialsProblem)
    const available = this._credentialsProblem !== "no-account"
    const key = `${info.level}|${info.text}|${available}`
    if (key === this.#announced) return
    this.#announced = key
    this.dispatchEvent(new SoftphoneStatusEvent(info.level, info.text, available))
  }

  /** The ring tone while a call rings here, the ringback while the other side rings, else silence. */
  #syncSound(): void {
    if (this._ringerTesting) return
    const s = this._settings
    if (this._calls.some((c) => c.phase === "ringing" && !c.replacesCallId)) void this.#tones.play("ring", s.ringerDeviceId, s.ringVolume)
    else if (this._calls.some((c) => c.phase === "alerting")) void this.#tones.play("ringback", s.outputDeviceId, s.volume)
    else this.#tones.stop()
  }

  // ---- contact lookup ------------------------------------------------------------------

  #lookup(number: string): void {
    const lookup = this.contactLookup
    if (!lookup || !number || this.#names.has(number) || this.#lookups.has(number)) return
    const done = Promise.resolve()
      .then(() => lookup(number))
      .then(
        (name) => {
          this.#names.set(number, typeof name === "string" && name.trim() ? name.trim() : null)
        },
        () => {
          this.#names.set(number, null)
        },
      )
      .finally(() => {
        this.#lookups.delete(number)
        this._lookupTick++
      })
    this.#lookups.set(number, done)
  }

  // ---- actions -------------------------------------------------------------------------

  #focused(): CallSnapshot | undefined {
    const live = this._calls.filter(isLive)
    return (
      live.find((c) => c.id === this._focusId) ??
      live.find((c) => c.phase === "active" && !c.held) ??
      live.find((c) => c.direction === "outgoing") ??
      live.find((c) => c.phase === "ringing") ??
      live[0]
    )
  }

  #registered(): boolean {
    return !!this._status && statusLevel(this._status) === "ok"
  }

  /** Puts every answered call but `except` on hold (before answering or calling another). */
  async #holdOthers(except?: string): Promise<void> {
    const engine = this.#engine
    if (!engine) return
    for (const c of this._calls) {
      if (c.id !== except && c.phase === "active" && !c.held) {
        await engine.setHeld(c.id, true).catch(() => undefined)
      }
    }
  }

  async #placeCall(raw?: string): Promise<void> {
    const engine = this.#engine
    const number = cleanNumber(raw ?? this._number, this.nationalFormat)
    if (!number && raw === undefined) {
      // an empty field and the call button: the last number dialled comes back
      const last = this._history.find((e) => e.direction === "outgoing")
      if (last) this._number = last.number
      return
    }
    if (!number) return
    if (!engine || !this.#registered()) {
      this.#showNotice("error", this.t("softphone.error.notRegistered"))
      return
    }
    this.#lookup(number)
    await this.#holdOthers()
    this._number = ""
    try {
      await engine.call(number)
    } catch (error) {
      if (!(error instanceof Error && /NotAllowed|Permission|getUserMedia|media/i.test(`${error.name} ${error.message}`))) {
        this.#showNotice("error", this.t("softphone.error.call", { reason: errorText(error) }))
      }
    }
  }

  async #answer(callId: string): Promise<void> {
    const engine = this.#engine
    if (!engine) return
    await this.#holdOthers(callId)
    this._focusId = callId
    try {
      await engine.answer(callId)
    } catch (error) {
      this.#showNotice("error", this.t("softphone.error.answer", { reason: errorText(error) }))
    }
  }

  async #hangup(callId: string): Promise<void> {
    const call = this._calls.find((c) => c.id === callId)
    if (!call || !this.#engine) return
    if (this._consult?.consultId === callId) return this.#cancelConsult()
    try {
      if (call.phase === "ringing") await this.#engine.decline(callId)
      else await this.#engine.hangup(callId)
    } catch (error) {
      this.#showNotice("error", errorText(error))
    }
  }

  async #toggleHold(callId: string): Promise<void> {
    const call = this._calls.find((c) => c.id === callId)
    if (!call || !this.#engine) return
    try {
      if (call.held) await this.#holdOthers(callId)
      await this.#engine.setHeld(callId, !call.held)
    } catch (error) {
      this.#showNotice("error", this.t(call.held ? "softphone.error.unhold" : "softphone.error.hold", { reason: errorText(error) }))
    }
  }

  async #blindTransfer(callId: string): Promise<void> {
    const target = cleanNumber(this._transfer?.number ?? "", this.nationalFormat)
    if (!target || !this.#engine) return
    try {
      await this.#engine.blindTransfer(callId, target)
      this._transfer = undefined
      this.#showNotice("info", this.t("softphone.transfer.done", { number: formatNumber(target) }))
    } catch (error) {
      this.#showNotice("error", this.t("softphone.error.transfer", { reason: errorText(error) }))
    }
  }

  async #consult(callId: string): Promise<void> {
    const target = cleanNumber(this._transfer?.number ?? "", this.nationalFormat)
    const engine = this.#engine
    if (!target || !engine) return
    try {
      const call = this._calls.find((c) => c.id === callId)
      if (call && !call.held) await engine.setHeld(callId, true)
      this.#lookup(target)
      this._transfer = undefined
      const consultId = await engine.call(target)
      if (this._calls.some((c) => c.id === consultId && isLive(c)) && this._calls.some((c) => c.id === callId && isLive(c))) {
        this._consult = { originalId: callId, consultId }
        this._focusId = consultId
      }
    } catch (error) {
      this.#showNotice("error", this.t("softphone.error.transfer", { reason: errorText(error) }))
    }
  }

  async #completeTransfer(): Promise<void> {
    const consult = this._consult
    const engine = this.#engine
    if (!consult || !engine) return
    try {
      await engine.attendedTransfer(consult.originalId, consult.consultId)
      this._consult = undefined
      this.#showNotice("info", this.t("softphone.transfer.completed"))
    } catch (error) {
      this.#showNotice("error", this.t("softphone.error.transfer", { reason: errorText(error) }))
    }
  }

  async #cancelConsult(): Promise<void> {
    const consult = this._consult
    const engine = this.#engine
    if (!consult || !engine) return
    this._consult = undefined
    const target = this._calls.find((c) => c.id === consult.consultId)
    if (target && isLive(target)) await engine.hangup(consult.consultId).catch(() => undefined)
    const original = this._calls.find((c) => c.id === consult.originalId)
    if (original?.held) {
      this._focusId = original.id
      await engine.setHeld(original.id, false).catch((error: unknown) => this.#showNotice("error", this.t("softphone.error.unhold", { reason: errorText(error) })))
    }
  }

  #changeSettings(patch: Partial<SoftphoneSettings>): void {
    const before = this._settings
    const next = { ...before, ...patch }
    this._settings = next
    saveSettings(next)
    if (patch.inputDeviceId !== undefined && patch.inputDeviceId !== before.inputDeviceId) {
      this.#engine?.setInputDevice(next.inputDeviceId).catch((error: unknown) => this.#showNotice("error", this.t("softphone.error.device", { reason: errorText(error) })))
    }
    if (patch.outputDeviceId !== undefined) void this.#audio.setOutput(next.outputDeviceId)
    if (patch.volume !== undefined) this.#audio.setVolume(next.volume)
    if (patch.ringVolume !== undefined) this.#tones.setVolume(next.ringVolume)
    if (patch.ringerDeviceId !== undefined && this.#tones.playing === "ring") {
      this.#tones.stop()
      if (this._ringerTesting) void this.#tones.play("ring", next.ringerDeviceId, next.ringVolume)
      else this.#syncSound()
    }
  }

  #testRinger(): void {
    clearTimeout(this.#ringerTestTimer)
    if (this._ringerTesting) {
      this._ringerTesting = false
      this.#tones.stop()
      this.#syncSound()
      return
    }
    this._ringerTesting = true
    void this.#tones.play("ring", this._settings.ringerDeviceId, this._settings.ringVolume)
    this.#ringerTestTimer = setTimeout(() => {
      this._ringerTesting = false
      this.#tones.stop()
      this.#syncSound()
    }, 4000)
  }

  async #refreshDevices(): Promise<void> {
    this._devices = await listAudioDevices()
  }

  #showNotice(kind: "error" | "info", text: string): void {
    this._notice = { kind, text }
    clearTimeout(this.#noticeTimer)
    this.#noticeTimer = setTimeout(() => (this._notice = undefined), NOTICE_MS)
  }

  #dialInput(value: string, pasted: boolean): void {
    this._number = pasted ? cleanNumber(value, this.nationalFormat) : dialInputValue(value)
    // keep the field showing exactly what we hold
    const input = this.renderRoot.querySelector<HTMLInputElement>("#dial")
    if (input && input.value !== this._number) input.value = this._number
    this.#scheduleLookup()
  }

  #scheduleLookup(): void {
    clearTimeout(this.#lookupTimer)
    const number = cleanNumber(this._number, this.nationalFormat)
    if (!number) return
    this.#lookupTimer = setTimeout(() => this.#lookup(number), 250)
  }

  readonly #actions: SoftphoneActions = {
    dialInput: (value, pasted) => this.#dialInput(value, pasted),
    dialKey: (key) => {
      this._number = dialInputValue(this._number + key)
      this.#scheduleLookup()
      this.renderRoot.querySelector<HTMLInputElement>("#dial")?.focus()
    },
    erase: () => {
      this._number = this._number.slice(0, -1)
      this.#scheduleLookup()
      this.renderRoot.querySelector<HTMLInputElement>("#dial")?.focus()
    },
    placeCall: (number) => void this.#placeCall(number),
    answer: (id) => void this.#answer(id),
    decline: (id) => void this.#engine?.decline(id).catch((e: unknown) => this.#showNotice("error", errorText(e))),
    hangup: (id) => void this.#hangup(id),
    toggleMute: (id) => {
      const call = this._calls.find((c) => c.id === id)
      if (call) this.#engine?.setMuted(id, !call.muted)
    },
    toggleHold: (id) => void this.#toggleHold(id),
    toggleKeypad: () => (this._keypadOpen = !this._keypadOpen),
    sendTone: (id, key) => {
      this._tones = (this._tones + key).slice(-24)
      this.#engine?.sendDtmf(id, key).catch((e: unknown) => this.#showNotice("error", this.t("softphone.error.dtmf", { reason: errorText(e) })))
    },
    toggleTransfer: () => {
      this._transfer = this._transfer ? undefined : { number: "" }
      if (this._transfer) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>("#transfer-number")?.focus())
    },
    transferInput: (value, pasted) => {
      this._transfer = { number: pasted ? cleanNumber(value, this.nationalFormat) : dialInputValue(value) }
      const input = this.renderRoot.querySelector<HTMLInputElement>("#transfer-number")
      if (input && input.value !== this._transfer.number) input.value = this._transfer.number
    },
    blindTransfer: (id) => void this.#blindTransfer(id),
    consult: (id) => void this.#consult(id),
    completeTransfer: () => void this.#completeTransfer(),
    cancelConsult: () => void this.#cancelConsult(),
    focusCall: (id) => {
      this._focusId = id
      const call = this._calls.find((c) => c.id === id)
      // switching to a held call resumes it and holds the others
      if (call?.phase === "active" && call.held) void this.#toggleHold(id)
    },
    setTab: (tab) => (this._tab = tab),
    openSettings: (open) => {
      this._settingsOpen = open
      if (open) void this.#refreshDevices()
    },
    changeSettings: (patch) => this.#changeSettings(patch),
    testRinger: () => this.#testRinger(),
    allowMicrophone: () => void requestMicrophone().then(() => this.#refreshDevices()),
    allowNotifications: () => {
      if (typeof Notification === "undefined") return
      void Notification.requestPermission().then(() => this.requestUpdate())
    },
    clearHistory: () => {
      if (this.#credentials) clearHistory(this.#credentials.uri)
      this._history = []
    },
    reconnect: () => this.reconnect(),
  }

  // ---- keyboard ------------------------------------------------------------------------

  readonly #onKeydown = (event: KeyboardEvent): void => {
    if (this.noShortcuts || event.defaultPrevented) return
    const action = shortcutOf(event)
    if (!action) return
    const active = deepActiveElement()
    const own = active !== null && this.renderRoot.contains(active) && (active.id === "dial" || active.id === "transfer-number")
    if (isTextField(active) && !own) return
    const focused = this.#focused()
    if (action === "answer") {
      const ringing = this._calls.find((c) => c.phase === "ringing")
      if (!ringing) return
      event.preventDefault()
      void this.#answer(ringing.id)
    } else if (action === "hangup") {
      if (!focused) return
      event.preventDefault()
      void this.#hangup(focused.id)
    } else if (action === "mute") {
      if (focused?.phase !== "active") return
      event.preventDefault()
      this.#engine?.setMuted(focused.id, !focused.muted)
    }
  }

  readonly #onOnline = (): void => this.reconnect()

  /** Closing the tab during a call asks first (the call would end with it). */
  readonly #onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (this._calls.some((c) => isLive(c))) event.preventDefault()
  }

  readonly #onDeviceChange = (): void => void this.#refreshDevices()

  readonly #unlockAudio = (): void => {
    this.#tones.unlock()
    this.#audio.unlock()
  }

  // ---- render --------------------------------------------------------------------------

  #viewContext(): ViewContext {
    return {
      t: (key, params) => this.t(key, params),
      actions: this.#actions,
      nameOf: (number) => this.#names.get(number) ?? this.#directory.get(number),
      now: this._now,
      formatTime: (at) => formatHistoryTime(at, intlLocale(this.locale), this.#timeZone(), this._now),
    }
  }

  /** History times: the `time-zone` attribute, else the tenant's (from a session provider), else the browser's. */
  #timeZone(): string | undefined {
    return this.timeZone || this.#session.value?.tenant?.timeZone || undefined
  }

  protected override render(): TemplateResult {
    const ctx = this.#viewContext()
    const status = describeStatus(ctx, this._status, this._credentialsProblem)
    const me = this.#credentials
    const myNumber = me?.extensions[0]?.number
    return html`<div class="phone" part="phone">
      <header class="head" part="header">
        ${renderStatusDot(status)}
        <div class="me text" part="me">
          <span class="name">${me?.displayName || this.t("softphone.title")}${myNumber ? html` <span class="muted">· ${myNumber}</span>` : nothing}</span>
          <span class="sub" data-level=${status.level}>${status.text}</span>
        </div>
        ${status.level === "down" && !this._settingsOpen
          ? html`<button type="button" class="icon-btn" part="reconnect" aria-label=${this.t("softphone.reconnect")} title=${this.t("softphone.reconnect")} @click=${() => this.reconnect()}>
              ${retryIcon()}
            </button>`
          : nothing}
        <button
          type="button"
          class="icon-btn"
          part="settings-button"
          aria-label=${this.t(this._settingsOpen ? "softphone.settings.close" : "softphone.settings")}
          title=${this.t(this._settingsOpen ? "softphone.settings.close" : "softphone.settings")}
          aria-pressed=${this._settingsOpen ? "true" : "false"}
          @click=${() => this.#actions.openSettings(!this._settingsOpen)}
        >
          ${this._settingsOpen ? backIcon() : gearIcon()}
        </button>
      </header>
      <div class="body">
        ${this._notice ? html`<p class="notice" part="notice" role="alert" data-kind=${this._notice.kind}>${this._notice.text}</p>` : nothing}
        ${this._settingsOpen ? this.#renderSettings(ctx) : this.#renderMain(ctx)}
      </div>
      ${this.#credentials?.directory.length
        ? html`<datalist id="directory">${this.#credentials.directory.map((e) => html`<option value=${e.number}>${e.name ?? ""}</option>`)}</datalist>`
        : nothing}
    </div>`
  }

  #renderSettings(ctx: ViewContext): TemplateResult {
    const notifications: NotificationState = typeof Notification === "undefined" ? "unsupported" : Notification.permission
    return renderSettings(ctx, {
      settings: this._settings,
      devices: this._devices,
      canChooseOutput: canChooseOutput(),
      notifications,
      ringerTesting: this._ringerTesting,
    })
  }

  #renderMain(ctx: ViewContext): TemplateResult {
    const focused = this.#focused()
    if (focused) {
      return renderCallView(ctx, {
        call: focused,
        keypadOpen: this._keypadOpen,
        tones: this._tones,
        transfer: this._transfer,
        consult: this._consult,
        others: this._calls.filter((c) => c.id !== focused.id && isLive(c)),
        canTransfer: this.#registered() && focused.phase === "active",
      })
    }
    if (this._ended) {
      return renderCallView(ctx, { call: this._ended, keypadOpen: false, tones: "", transfer: undefined, consult: undefined, others: [], canTransfer: false })
    }
    const missed = this._history.filter(isMissed).length
    const number = cleanNumber(this._number, this.nationalFormat)
    const lookupName = number ? (this.#names.get(number) ?? undefined) : undefined
    const blocked = this.#registered() ? undefined : describeStatus(ctx, this._status, this._credentialsProblem).text
    return html`
      <div class="tabs" part="tabs" role="tablist" aria-label=${this.t("softphone.title")}>
        <button type="button" role="tab" class="tab" part="tab" id="tab-dial" aria-selected=${this._tab === "dial" ? "true" : "false"} @click=${() => this.#actions.setTab("dial")}>
          ${this.t("softphone.tab.dial")}
        </button>
        <button type="button" role="tab" class="tab" part="tab" id="tab-history" aria-selected=${this._tab === "history" ? "true" : "false"} @click=${() => this.#actions.setTab("history")}>
          ${this.t("softphone.history")}${missed > 0 ? html`<span class="badge" aria-label=${this.t("softphone.history.missedCount", { count: missed })}>${missed}</span>` : nothing}
        </button>
      </div>
      ${this._tab === "history"
        ? renderHistory(ctx, this._history)
        : renderDialPad(ctx, { number: this._number, lookupName, canCall: this.#registered() && (number !== "" || this._history.some((e) => e.direction === "outgoing")), blockedReason: blocked })}
    `
  }

  static override styles = [softphoneBase, softphoneStyles]
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

// as `define` of org-element.ts, which is not imported: its OrgElement would bring every widget's texts
if (!customElements.get("org-softphone")) customElements.define("org-softphone", OrgSoftphone)

declare global {
  interface HTMLElementTagNameMap {
    "org-softphone": OrgSoftphone
  }
}

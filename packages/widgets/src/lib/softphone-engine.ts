/**
 * The boundary between `<org-softphone>` and SIP: the element talks to a `SoftphoneEngine` only.
 * `SipJsEngine` (softphone-sipjs.ts) implements it with sip.js over a WebSocket; the browser tests
 * of the UI use a fake one (src/test/fake-softphone.ts). Everything here is plain data, so the UI
 * renders snapshots and never touches a sip.js object.
 */
import type { SoftphoneCredentials } from "../api/softphone.js"

/** The WebSocket to the SIP server. */
export type SocketState = "disconnected" | "connecting" | "connected"
/** The REGISTER binding. `failed`: refused (wrong password, blocked account…); retried later. */
export type RegistrationState = "unregistered" | "registering" | "registered" | "failed"

export interface EngineStatus {
  readonly socket: SocketState
  readonly registration: RegistrationState
  /** Why it is not fine: "403 Forbidden", "WebSocket closed (1006)"… (not translated). */
  readonly reason?: string
  /** When the next connection attempt is due (epoch ms), while waiting to reconnect. */
  readonly retryAt?: number
}

export type CallDirection = "incoming" | "outgoing"
/**
 * `ringing`: an incoming call alerting here; `dialing`: an outgoing INVITE sent (trying);
 * `alerting`: the other side rings (180); `active`: answered; `ended`: over (kept briefly).
 */
export type CallPhase = "ringing" | "dialing" | "alerting" | "active" | "ended"

/** How a call ended, for the history, the UI and `org-call-ended`. */
export type CallEndReason =
  | "hangup" // we hung up
  | "remote-hangup" // they hung up
  | "cancelled" // we cancelled an outgoing call before the answer
  | "declined" // we declined an incoming call
  | "missed" // an incoming call stopped ringing unanswered
  | "answered-elsewhere" // another device of ours answered
  | "busy" // 486 / 600 / 603
  | "not-found" // 404 / 484 / 604
  | "unavailable" // 480 / 408: nobody registered or no answer
  | "transferred" // we transferred it (REFER accepted) or it was replaced
  | "connection-lost" // the signalling or media path is gone
  | "failed" // anything else

export interface CallSnapshot {
  readonly id: string
  readonly direction: CallDirection
  readonly phase: CallPhase
  /** The other side's number (user part of its URI), e.g. "102" or "+79001234567". */
  readonly remoteNumber: string
  /** The SIP display name of the other side, if it sent one. */
  readonly remoteDisplayName?: string
  readonly startedAt: number
  readonly answeredAt?: number
  readonly endedAt?: number
  /** We put it on hold (re-INVITE a=sendonly answered). */
  readonly held: boolean
  /** The other side put us on hold (its offer was sendonly/inactive). */
  readonly remoteHeld: boolean
  readonly muted: boolean
  /** A hold/unhold or transfer is in progress. */
  readonly pending?: "hold" | "unhold" | "transfer"
  readonly endReason?: CallEndReason
  /** SIP status and reason of a failed call: "486 Busy Here". */
  readonly endStatus?: string
  /** This incoming call replaces one of ours (the target side of an attended transfer). */
  readonly replacesCallId?: string
  /** The other side asked us to call somewhere else (we are the transferee). */
  readonly referredBy?: string
}

export interface EngineConfig {
  readonly credentials: SoftphoneCredentials
  /** ICE servers of the peer connections; [] keeps media on host candidates. */
  readonly iceServers: readonly RTCIceServer[]
  /** Microphone `deviceId` ("" = the default). */
  readonly inputDeviceId: string
}

export type EngineEvent =
  | { readonly type: "status"; readonly status: EngineStatus }
  | { readonly type: "call"; readonly call: CallSnapshot }
  /** An INFO with DTMF arrived (the other side's fallback). */
  | { readonly type: "dtmf"; readonly callId: string; readonly tone: string }

export type EngineListener = (event: EngineEvent) => void

/** DTMF went as RFC 4733 RTP events or, when the peer connection has no DTMF sender, as INFO. */
export type DtmfTransport = "rtp" | "info"

export interface SoftphoneEngine {
  readonly status: EngineStatus
  /** Every call the engine knows, ended ones included until {@link forget}. */
  readonly calls: readonly CallSnapshot[]
  subscribe(listener: EngineListener): () => void

  /** Connects and registers; keeps doing so (with backoff) until {@link stop}. */
  start(config: EngineConfig): Promise<void>
  /** Unregisters, hangs up everything and closes the socket. */
  stop(): Promise<void>
  /** Connects at once if waiting to reconnect (the browser came back online, a user clicked). */
  reconnectNow(): void
  /**
   * New credentials from the server (the password is a token that expires): used for the next
   * challenge and registered at once, calls untouched. A changed address of record or socket URL
   * restarts the engine — once no call is going on.
   */
  updateCredentials(credentials: SoftphoneCredentials): Promise<void>

  /** Calls a number (or a full SIP URI); resolves with the new call's id. */
  call(target: string): Promise<string>
  answer(callId: string): Promise<void>
  decline(callId: string): Promise<void>
  /** Cancels, declines or hangs up, whatever the call's phase. */
  hangup(callId: string): Promise<void>
  setMuted(callId: string, muted: boolean): void
  /** Hold / unhold with a re-INVITE; rejects (state unchanged) when the peer refuses. */
  setHeld(callId: string, held: boolean): Promise<void>
  sendDtmf(callId: string, tone: string): Promise<DtmfTransport>
  /** Blind transfer: REFER to `target`; the call ends here once the peer accepts. */
  blindTransfer(callId: string, target: string): Promise<void>
  /**
   * Attended transfer: REFER with Replaces to the peer of `callId`, naming the peer of
   * `consultCallId`; both calls end here once the transfer succeeds.
   */
  attendedTransfer(callId: string, consultCallId: string): Promise<void>
  /** Switches the microphone of every call (replaceTrack) and of the next ones. */
  setInputDevice(deviceId: string): Promise<void>
  /** Drops an ended call from {@link calls}. */
  forget(callId: string): void

  /** The remote audio of a call, to play. */
  remoteStream(callId: string): MediaStream | undefined
  /** The call's RTCPeerConnection — for diagnostics and tests (getStats). */
  peerConnection(callId: string): RTCPeerConnection | undefined
}

/** Creates the engine of an element; `<org-softphone>`'s `engineFactory` property. */
export type SoftphoneEngineFactory = () => SoftphoneEngine

/** Status colour of the indicator: green (registered), yellow (on the way), red (down / refused). */
export type StatusLevel = "ok" | "pending" | "down"

export function statusLevel(status: EngineStatus): StatusLevel {
  if (status.socket === "connected" && status.registration === "registered") return "ok"
  if (status.registration === "failed") return "down"
  if (status.socket === "connecting" || status.registration === "registering") return "pending"
  return "down"
}

/** Reconnect delays: 0.5 s, 1 s, 2 s, then 3 s (±20 %), so a server that comes back is used within ~3.6 s. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(3000, 500 * 2 ** Math.max(0, attempt))
  return Math.round(base * (0.8 + 0.4 * random()))
}

/** A call that is not over. */
export const isLive = (call: CallSnapshot): boolean => call.phase !== "ended"

/**
 * Events of `<org-softphone>` for the host page (a CRM opens the caller's card on ringing, logs
 * the call when it ends). All bubble and cross shadow roots.
 */
import type { CallDirection, CallEndReason, StatusLevel } from "./softphone-engine.js"

const init: EventInit = { bubbles: true, composed: true }

/** What every call event tells about the call. */
export interface SoftphoneCallInfo {
  /** Unique per call within the page. */
  readonly callId: string
  readonly direction: CallDirection
  /** The other side's number as dialled or as it called ("102", "89001234567"). */
  readonly number: string
  /** From the `contact-lookup` hook or the SIP display name; undefined when unknown. */
  readonly name: string | undefined
}

/** An incoming call started ringing here (fired once per call). */
export class CallRingingEvent extends Event {
  static readonly type = "org-call-ringing" as const
  readonly call: SoftphoneCallInfo
  constructor(call: SoftphoneCallInfo) {
    super(CallRingingEvent.type, init)
    this.call = call
  }
}

/** A call (incoming or outgoing) was answered. */
export class CallAnsweredEvent extends Event {
  static readonly type = "org-call-answered" as const
  readonly call: SoftphoneCallInfo
  constructor(call: SoftphoneCallInfo) {
    super(CallAnsweredEvent.type, init)
    this.call = call
  }
}

/** A call ended, answered or not. */
export class CallEndedEvent extends Event {
  static readonly type = "org-call-ended" as const
  readonly call: SoftphoneCallInfo
  readonly reason: CallEndReason
  /** Seconds talked (0 when never answered). */
  readonly seconds: number
  constructor(call: SoftphoneCallInfo, reason: CallEndReason, seconds: number) {
    super(CallEndedEvent.type, init)
    this.call = call
    this.reason = reason
    this.seconds = seconds
  }
}

declare global {
  interface HTMLElementEventMap {
    "org-call-ringing": CallRingingEvent
    "org-call-answered": CallAnsweredEvent
    "org-call-ended": CallEndedEvent
    "org-softphone-status": SoftphoneStatusEvent
  }
}

/**
 * The phone's state changed (a host shows it next to its own controls): its level (green `ok`,
 * yellow `pending`, red `down`), the short text the widget shows, and whether the signed-in
 * user has a phone at all (`available` is false when no SIP account is linked to them).
 */
export class SoftphoneStatusEvent extends Event {
  static readonly type = "org-softphone-status" as const
  constructor(
    readonly level: StatusLevel,
    readonly text: string,
    readonly available: boolean,
  ) {
    super(SoftphoneStatusEvent.type, init)
  }
}

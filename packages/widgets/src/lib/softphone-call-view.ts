/**
 * The call screen of `<org-softphone>`: who, the state and timer, answer / decline, the in-call
 * controls (mute, hold, keypad, transfer), the transfer panel, the other calls.
 */
import { html, nothing, type TemplateResult } from "lit"
import { renderKeypad } from "./softphone-dialpad.js"
import type { CallSnapshot } from "./softphone-engine.js"
import { hangupIcon, keypadIcon, micOffIcon, pauseIcon, phoneIcon, swapIcon, transferIcon } from "./softphone-icons.js"
import { SHORTCUT_KEYS } from "./softphone-shortcuts.js"
import { callName, endReasonKey, formatDuration, initials, shownNumber, type ViewContext } from "./softphone-view.js"

export interface TransferState {
  readonly number: string
}

export interface ConsultState {
  /** The call being transferred (on hold). */
  readonly originalId: string
  /** The call with the transfer target. */
  readonly consultId: string
}

export interface CallViewState {
  readonly call: CallSnapshot
  readonly keypadOpen: boolean
  /** Tones sent in this call, for the line above the keypad. */
  readonly tones: string
  readonly transfer: TransferState | undefined
  readonly consult: ConsultState | undefined
  /** Live calls besides the shown one. */
  readonly others: readonly CallSnapshot[]
  /** A transfer is possible (registered, the call answered). */
  readonly canTransfer: boolean
}

export function renderCallView(ctx: ViewContext, s: CallViewState): TemplateResult {
  const ringing = s.others.filter((c) => c.phase === "ringing")
  const rest = s.others.filter((c) => c.phase !== "ringing")
  return html`
    ${ringing.map((c) => renderIncomingBanner(ctx, c))} ${s.consult ? renderConsultBanner(ctx, s) : nothing}
    ${renderCard(ctx, s.call)} ${renderActions(ctx, s)} ${rest.length > 0 ? renderOthers(ctx, rest) : nothing}
  `
}

function renderCard(ctx: ViewContext, call: CallSnapshot): TemplateResult {
  const name = callName(ctx, call)
  return html`<div class="card" part="call" data-phase=${call.phase} data-direction=${call.direction}>
    <div class="avatar" aria-hidden="true">${initials(name)}</div>
    <div class="call-name" part="call-name">${name ?? shownNumber(call.remoteNumber)}</div>
    ${name ? html`<div class="call-number" part="call-number">${shownNumber(call.remoteNumber)}</div>` : nothing}
    ${call.referredBy ? html`<div class="referred">${ctx.t("softphone.referredBy", { number: call.referredBy })}</div>` : nothing}
    <div class="call-state" part="call-state" role="status" data-tone=${call.phase === "ended" ? "ended" : ""}>${renderState(ctx, call)}</div>
  </div>`
}

function renderState(ctx: ViewContext, call: CallSnapshot): TemplateResult {
  switch (call.phase) {
    case "ringing":
      return html`${ctx.t("softphone.state.incoming")}`
    case "dialing":
      return html`${ctx.t("softphone.state.dialing")}`
    case "alerting":
      return html`${ctx.t("softphone.state.alerting")}`
    case "ended": {
      const talked = call.answeredAt && call.endedAt ? (call.endedAt - call.answeredAt) / 1000 : 0
      const reason = ctx.t(endReasonKey(call.endReason))
      return html`${talked > 0 ? `${reason} · ${formatDuration(talked)}` : reason}${call.endStatus && call.endReason === "failed" ? ` (${statusText(ctx, call.endStatus)})` : ""}`
    }
    default: {
      const seconds = call.answeredAt ? (ctx.now - call.answeredAt) / 1000 : 0
      return html`<span class="timer" part="call-timer">${formatDuration(seconds)}</span>
        ${call.held ? html`<span class="chip" part="held-chip">${ctx.t("softphone.state.held")}</span>` : nothing}
        ${call.remoteHeld ? html`<span class="chip" part="remote-held-chip">${ctx.t("softphone.state.remoteHeld")}</span>` : nothing}
        ${call.muted ? html`<span class="chip muted-chip" part="muted-chip">${ctx.t("softphone.state.muted")}</span>` : nothing}
        ${call.pending === "transfer" ? html`<span class="chip">${ctx.t("softphone.state.transferring")}</span>` : nothing}`
    }
  }
}

function statusText(ctx: ViewContext, status: string): string {
  return status === "microphone" ? ctx.t("softphone.error.microphone") : status
}

/** A round button (answer, decline, hang up) with its shortcut in the title. */
function round(kind: "call" | "hangup", part: string, label: string, keys: string, icon: TemplateResult, onClick: () => void): TemplateResult {
  return html`<button type="button" class="round ${kind}" part=${part} aria-label=${label} aria-keyshortcuts=${keys} title=${`${label} (${keys})`} @click=${onClick}>
    ${icon}
  </button>`
}

/** A toggle of the in-call grid: the label stays, `aria-pressed` tells the state. */
function control(part: string, label: string, icon: TemplateResult, pressed: boolean, onClick: () => void, disabled = false, title = label): TemplateResult {
  return html`<button type="button" class="control" part="control ${part}" aria-pressed=${pressed ? "true" : "false"} title=${title} ?disabled=${disabled} @click=${onClick}>
    ${icon}<span>${label}</span>
  </button>`
}

function renderActions(ctx: ViewContext, s: CallViewState): TemplateResult {
  const a = ctx.actions
  const call = s.call
  const id = call.id
  if (call.phase === "ended") return html``
  if (call.phase === "ringing") {
    const decline = ctx.t("softphone.decline")
    const answer = ctx.t("softphone.answer")
    return html`<div class="actions">
      <span class="round-label">${round("hangup", "decline", decline, SHORTCUT_KEYS.hangup, hangupIcon(), () => a.decline(id))}${decline}</span>
      <span class="round-label">${round("call", "answer", answer, SHORTCUT_KEYS.answer, phoneIcon(22), () => a.answer(id))}${answer}</span>
    </div>`
  }
  const active = call.phase === "active"
  const busy = call.pending !== undefined
  return html`
    ${active
      ? html`<div class="controls" part="controls">
          ${control("mute", ctx.t("softphone.mute"), micOffIcon(), call.muted, () => a.toggleMute(id), false, `${ctx.t(call.muted ? "softphone.unmute" : "softphone.mute")} (${SHORTCUT_KEYS.mute})`)}
          ${control("hold", ctx.t("softphone.hold"), pauseIcon(), call.held, () => a.toggleHold(id), busy, ctx.t(call.held ? "softphone.unhold" : "softphone.hold"))}
          ${control("keypad-toggle", ctx.t("softphone.keypad"), keypadIcon(), s.keypadOpen, () => a.toggleKeypad())}
          ${control("transfer-toggle", ctx.t("softphone.transfer"), transferIcon(), s.transfer !== undefined, () => a.toggleTransfer(), !s.canTransfer || busy || s.consult !== undefined)}
        </div>`
      : nothing}
    ${active && s.keypadOpen
      ? html`<div class="dtmf-line" part="dtmf" aria-live="polite">${s.tones}</div>
          ${renderKeypad(ctx, (key) => a.sendTone(id, key), true)}`
      : nothing}
    ${active && s.transfer ? renderTransferPanel(ctx, s, s.transfer) : nothing}
    <div class="actions">${round("hangup", "hangup", ctx.t(active ? "softphone.hangup" : "softphone.cancel"), SHORTCUT_KEYS.hangup, hangupIcon(), () => a.hangup(id))}</div>
  `
}

function renderTransferPanel(ctx: ViewContext, s: CallViewState, transfer: TransferState): TemplateResult {
  const a = ctx.actions
  const empty = transfer.number.trim() === ""
  const busy = s.call.pending !== undefined
  return html`<div class="panel" part="transfer">
    <p class="panel-title">${ctx.t("softphone.transfer.title")}</p>
    <label class="visually-hidden" for="transfer-number">${ctx.t("softphone.transfer.number")}</label>
    <input
      id="transfer-number"
      class="input"
      part="transfer-input"
      type="tel"
      inputmode="tel"
      autocomplete="off"
      list="directory"
      placeholder=${ctx.t("softphone.transfer.number")}
      .value=${transfer.number}
      @input=${(e: InputEvent) => a.transferInput((e.target as HTMLInputElement).value, e.inputType === "insertFromPaste")}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === "Enter" && !empty) {
          e.preventDefault()
          a.blindTransfer(s.call.id)
        } else if (e.key === "Escape") {
          e.preventDefault()
          a.toggleTransfer()
        }
      }}
    />
    <div class="row">
      <button type="button" class="btn primary block" part="blind-transfer" ?disabled=${empty || busy} @click=${() => a.blindTransfer(s.call.id)}>
        ${ctx.t("softphone.transfer.blind")}
      </button>
      <button type="button" class="btn block" part="consult" ?disabled=${empty || busy} @click=${() => a.consult(s.call.id)}>
        ${ctx.t("softphone.transfer.consult")}
      </button>
    </div>
    <span class="hint">${ctx.t("softphone.transfer.hint")}</span>
  </div>`
}

function renderConsultBanner(ctx: ViewContext, s: CallViewState): TemplateResult {
  const consult = s.consult!
  const original = s.others.find((c) => c.id === consult.originalId)
  const target = s.call.id === consult.consultId ? s.call : s.others.find((c) => c.id === consult.consultId)
  const ready = target?.phase === "active" && original !== undefined
  const who = original ? (callName(ctx, original) ?? shownNumber(original.remoteNumber)) : ""
  return html`<div class="panel" part="consult-panel">
    <p class="panel-title">${ctx.t("softphone.consult.title", { name: who })}</p>
    <div class="row">
      <button type="button" class="btn go block" part="complete-transfer" ?disabled=${!ready || target?.pending !== undefined} @click=${() => ctx.actions.completeTransfer()}>
        ${ctx.t("softphone.consult.complete")}
      </button>
      <button type="button" class="btn block" part="cancel-transfer" @click=${() => ctx.actions.cancelConsult()}>${ctx.t("softphone.consult.cancel")}</button>
    </div>
  </div>`
}

function renderIncomingBanner(ctx: ViewContext, call: CallSnapshot): TemplateResult {
  const name = callName(ctx, call)
  return html`<div class="panel incoming-banner" part="incoming-banner" role="alert">
    <p class="panel-title">${ctx.t("softphone.state.incoming")}: ${name ? `${name} · ` : ""}${shownNumber(call.remoteNumber)}</p>
    <div class="row">
      <button type="button" class="btn go block" part="answer" aria-keyshortcuts="Alt+A" title=${ctx.t("softphone.answerHold")} @click=${() => ctx.actions.answer(call.id)}>
        ${ctx.t("softphone.answer")}
      </button>
      <button type="button" class="btn stop block" part="decline" @click=${() => ctx.actions.decline(call.id)}>${ctx.t("softphone.decline")}</button>
    </div>
    <span class="hint">${ctx.t("softphone.answerHold")}</span>
  </div>`
}

function renderOthers(ctx: ViewContext, calls: readonly CallSnapshot[]): TemplateResult {
  return html`<div class="others" part="other-calls" role="list" aria-label=${ctx.t("softphone.otherCalls")}>
    ${calls.map((c) => {
      const name = callName(ctx, c) ?? shownNumber(c.remoteNumber)
      const since = c.answeredAt ? formatDuration((ctx.now - c.answeredAt) / 1000) : ""
      const state =
        c.phase === "active" ? (c.held ? ctx.t("softphone.state.held") : ctx.t("softphone.state.active")) : ctx.t(`softphone.state.${c.phase === "alerting" ? "alerting" : "dialing"}`)
      return html`<div class="other" part="other-call" role="listitem" data-call=${c.id}>
        <span class="text">
          <span class="name">${name}</span>
          <span class="sub">${state}${since ? ` · ${since}` : ""}</span>
        </span>
        <button type="button" class="icon-btn" part="switch-call" aria-label=${ctx.t("softphone.switchTo", { name })} title=${ctx.t("softphone.switchTo", { name })} @click=${() => ctx.actions.focusCall(c.id)}>
          ${swapIcon()}
        </button>
        <button type="button" class="icon-btn" part="hangup-other" aria-label=${ctx.t("softphone.hangupWho", { name })} title=${ctx.t("softphone.hangupWho", { name })} @click=${() => ctx.actions.hangup(c.id)}>
          ${hangupIcon(16)}
        </button>
      </div>`
    })}
  </div>`
}

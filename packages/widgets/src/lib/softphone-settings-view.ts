/** The settings screen of `<org-softphone>`: devices, volumes, auto-answer, notifications, shortcuts. */
import { html, nothing, type TemplateResult } from "lit"
import type { AudioDevices } from "./softphone-audio.js"
import type { SoftphoneSettings } from "./softphone-settings.js"
import { SHORTCUT_KEYS } from "./softphone-shortcuts.js"
import type { ViewContext } from "./softphone-view.js"

export type NotificationState = NotificationPermission | "unsupported"

export interface SettingsViewState {
  readonly settings: SoftphoneSettings
  readonly devices: AudioDevices
  readonly canChooseOutput: boolean
  readonly notifications: NotificationState
  readonly ringerTesting: boolean
}

export function renderSettings(ctx: ViewContext, s: SettingsViewState): TemplateResult {
  const a = ctx.actions
  const { settings, devices } = s
  const deviceName = (d: MediaDeviceInfo, i: number, kind: "input" | "output") =>
    d.label || ctx.t(kind === "input" ? "softphone.settings.micN" : "softphone.settings.speakerN", { n: i + 1 })
  const select = (id: string, value: string, list: readonly MediaDeviceInfo[], kind: "input" | "output", disabled: boolean, onChange: (v: string) => void) =>
    html`<select id=${id} class="input" part="device-select" ?disabled=${disabled} @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
      <option value="" ?selected=${value === ""}>${ctx.t("softphone.settings.default")}</option>
      ${list.map((d, i) => html`<option value=${d.deviceId} ?selected=${d.deviceId === value}>${deviceName(d, i, kind)}</option>`)}
      ${value && !list.some((d) => d.deviceId === value) ? html`<option value=${value} selected>${ctx.t("softphone.settings.missing")}</option>` : nothing}
    </select>`
  const pct = (v: number) => Math.round(v * 100)
  return html`<div class="settings" part="settings">
    ${!devices.labelled
      ? html`<div class="panel">
          <span class="hint">${ctx.t("softphone.settings.labelsHint")}</span>
          <button type="button" class="btn small" part="allow-microphone" @click=${() => a.allowMicrophone()}>${ctx.t("softphone.settings.allowMic")}</button>
        </div>`
      : nothing}
    <div>
      <label class="label" for="mic">${ctx.t("softphone.settings.microphone")}</label>
      ${select("mic", settings.inputDeviceId, devices.inputs, "input", false, (v) => a.changeSettings({ inputDeviceId: v }))}
    </div>
    <div>
      <label class="label" for="speaker">${ctx.t("softphone.settings.speaker")}</label>
      ${select("speaker", settings.outputDeviceId, devices.outputs, "output", !s.canChooseOutput, (v) => a.changeSettings({ outputDeviceId: v }))}
      ${s.canChooseOutput ? nothing : html`<span class="hint">${ctx.t("softphone.settings.noSinkId")}</span>`}
    </div>
    <div>
      <label class="label" for="ringer">${ctx.t("softphone.settings.ringer")}</label>
      <div class="row">
        <span class="grow">${select("ringer", settings.ringerDeviceId, devices.outputs, "output", !s.canChooseOutput, (v) => a.changeSettings({ ringerDeviceId: v }))}</span>
        <button type="button" class="btn" part="test-ringer" aria-pressed=${s.ringerTesting ? "true" : "false"} @click=${() => a.testRinger()}>
          ${ctx.t(s.ringerTesting ? "softphone.settings.stopTest" : "softphone.settings.test")}
        </button>
      </div>
    </div>
    <div>
      <label class="label" for="volume">${ctx.t("softphone.settings.volume")}</label>
      <div class="range-row">
        <input id="volume" type="range" min="0" max="100" step="5" part="volume" .value=${String(pct(settings.volume))}
          @input=${(e: Event) => a.changeSettings({ volume: Number((e.target as HTMLInputElement).value) / 100 })} />
        <span class="range-value">${pct(settings.volume)}%</span>
      </div>
    </div>
    <div>
      <label class="label" for="ring-volume">${ctx.t("softphone.settings.ringVolume")}</label>
      <div class="range-row">
        <input id="ring-volume" type="range" min="0" max="100" step="5" part="ring-volume" .value=${String(pct(settings.ringVolume))}
          @input=${(e: Event) => a.changeSettings({ ringVolume: Number((e.target as HTMLInputElement).value) / 100 })} />
        <span class="range-value">${pct(settings.ringVolume)}%</span>
      </div>
    </div>
    <label class="check">
      <input type="checkbox" part="auto-answer" .checked=${settings.autoAnswer} @change=${(e: Event) => a.changeSettings({ autoAnswer: (e.target as HTMLInputElement).checked })} />
      ${ctx.t("softphone.settings.autoAnswer")}
    </label>
    <div>
      <span class="label">${ctx.t("softphone.settings.notifications")}</span>
      <div class="row">
        <span class="grow hint" part="notifications-state">${ctx.t(`softphone.settings.notifications.${s.notifications}`)}</span>
        ${s.notifications === "default"
          ? html`<button type="button" class="btn small" part="allow-notifications" @click=${() => a.allowNotifications()}>${ctx.t("softphone.settings.allow")}</button>`
          : nothing}
      </div>
    </div>
    <p class="section-title">${ctx.t("softphone.settings.shortcuts")}</p>
    <dl class="shortcuts" part="shortcuts">
      <dt><kbd>${SHORTCUT_KEYS.answer}</kbd></dt>
      <dd>${ctx.t("softphone.answer")}</dd>
      <dt><kbd>${SHORTCUT_KEYS.hangup}</kbd></dt>
      <dd>${ctx.t("softphone.shortcut.hangup")}</dd>
      <dt><kbd>${SHORTCUT_KEYS.mute}</kbd></dt>
      <dd>${ctx.t("softphone.shortcut.mute")}</dd>
      <dt><kbd>Enter</kbd></dt>
      <dd>${ctx.t("softphone.shortcut.enter")}</dd>
    </dl>
    <span class="hint">${ctx.t("softphone.shortcut.hint")}</span>
  </div>`
}

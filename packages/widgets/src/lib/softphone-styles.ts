import { css } from "lit"

/**
 * Base of `<org-softphone>`: the shared design tokens (`--org-*`, same names and defaults as
 * styles.ts) and the few shared controls it uses. A copy rather than an import of styles.ts, whose
 * every stylesheet would come along (the softphone is often embedded alone; see softphone-i18n.ts).
 */
export const softphoneBase = css`
  :host {
    --_font: var(--org-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif);
    --_text: var(--org-text, #1f2937);
    --_muted: var(--org-muted, #6b7280);
    --_bg: var(--org-bg, #ffffff);
    --_surface: var(--org-surface, #f8fafc);
    --_border: var(--org-border, #e2e8f0);
    --_border-strong: var(--org-border-strong, #cbd5e1);
    --_primary: var(--org-primary, #2563eb);
    --_primary-hover: var(--org-primary-hover, #1d4ed8);
    --_on-primary: var(--org-on-primary, #ffffff);
    --_danger: var(--org-danger, #dc2626);
    --_danger-bg: var(--org-danger-bg, #fef2f2);
    --_success: var(--org-success, #16a34a);
    --_radius: var(--org-radius, 6px);
    --_focus: var(--org-focus, #2563eb);
    --_row-hover: var(--org-row-hover, #f1f5f9);
    --_control-h: var(--org-control-height, 30px);
    font-family: var(--_font);
    font-size: var(--org-font-size, 13px);
    line-height: 1.45;
    color: var(--_text);
    -webkit-font-smoothing: antialiased;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .muted {
    color: var(--_muted);
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    height: var(--_control-h);
    padding: 0 12px;
    border: 1px solid var(--_border-strong);
    border-radius: var(--_radius);
    background: var(--_bg);
    font-weight: 500;
    white-space: nowrap;
    cursor: pointer;
  }
  .btn:hover:not(:disabled) {
    background: var(--_surface);
    border-color: var(--_muted);
  }
  .btn:disabled {
    opacity: 0.6;
    cursor: default;
  }
  .btn.primary {
    background: var(--_primary);
    border-color: var(--_primary);
    color: var(--_on-primary);
  }
  .btn.primary:hover:not(:disabled) {
    background: var(--_primary-hover);
  }
  .btn.ghost {
    border-color: transparent;
    background: transparent;
  }
  .btn.ghost:hover:not(:disabled) {
    background: var(--_row-hover);
  }
  .btn.small {
    height: 26px;
    padding: 0 9px;
    font-size: 12px;
  }
  .input {
    width: 100%;
    height: var(--_control-h);
    padding: 0 8px;
    border: 1px solid var(--_border-strong);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
  .input:focus {
    outline: none;
    border-color: var(--_focus);
    box-shadow: 0 0 0 3px color-mix(in srgb, var(--_focus) 22%, transparent);
  }
  .label {
    display: block;
    margin-bottom: 3px;
    font-size: 12px;
    font-weight: 500;
    color: var(--_muted);
  }
`

/**
 * Styles of `<org-softphone>`. Besides the shared tokens: `--org-softphone-call` (answer/call
 * green), `--org-softphone-hangup` (red), `--org-softphone-key-bg` (dial keys),
 * `--org-softphone-history-height`.
 */
export const softphoneStyles = css`
  :host {
    --_call: var(--org-softphone-call, #16a34a);
    --_hangup: var(--org-softphone-hangup, #dc2626);
    --_key-bg: var(--org-softphone-key-bg, var(--_surface));
    --_hold: #eab308;
    display: block;
    min-width: 260px;
  }
  .phone {
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) + 4px);
    background: var(--_bg);
    overflow: hidden;
  }
  .head {
    display: flex;
    align-items: center;
    gap: 8px;
    min-height: 44px;
    padding: 6px 8px 6px 12px;
    border-bottom: 1px solid var(--_border);
    background: var(--_surface);
  }
  .body {
    display: flex;
    flex-direction: column;
    gap: 10px;
    padding: 12px;
  }
  .text {
    flex: 1;
    min-width: 0;
    line-height: 1.25;
  }
  .name,
  .sub {
    display: block;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .name {
    font-weight: 500;
  }
  .me .name {
    font-weight: 600;
  }
  .sub,
  .hint,
  .entry-time,
  .round-label,
  .panel-title {
    font-size: 12px;
    color: var(--_muted);
  }
  .sub[data-level="down"],
  .name[data-missed],
  .entry-icon[data-missed] {
    color: var(--_danger);
  }

  /* status dot: green ok, yellow on the way, red down */
  .status {
    display: inline-grid;
    place-items: center;
    width: 18px;
    height: 18px;
    border-radius: 50%;
    cursor: help;
  }
  .dot {
    --_c: var(--_danger);
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: var(--_c);
    box-shadow: 0 0 0 3px color-mix(in srgb, var(--_c) 20%, transparent);
  }
  .dot[data-level="ok"] {
    --_c: var(--_success);
  }
  .dot[data-level="pending"] {
    --_c: var(--_hold);
    animation: pulse 1.2s ease-in-out infinite;
  }
  @keyframes pulse {
    50% {
      opacity: 0.45;
    }
  }

  .icon-btn,
  .round {
    display: inline-grid;
    place-items: center;
    flex: none;
    padding: 0;
    border: 0;
    cursor: pointer;
  }
  .icon-btn {
    width: 30px;
    height: 30px;
    border-radius: var(--_radius);
    background: transparent;
    color: var(--_muted);
  }
  .icon-btn:hover,
  .tab:hover,
  .key:hover,
  .control:hover:not(:disabled),
  .entry:hover {
    background: var(--_row-hover);
    color: var(--_text);
  }
  .icon-btn[aria-pressed="true"],
  .control[aria-pressed="true"] {
    background: color-mix(in srgb, var(--_primary) 10%, var(--_bg));
    color: var(--_primary);
  }

  .tabs {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 2px;
    padding: 2px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .tab {
    height: 26px;
    border: 0;
    border-radius: calc(var(--_radius) - 2px);
    background: none;
    color: var(--_muted);
    font-weight: 500;
    cursor: pointer;
  }
  .tab[aria-selected="true"] {
    background: var(--_bg);
    color: var(--_text);
    box-shadow: 0 1px 2px rgb(15 23 42 / 0.1);
  }
  .badge {
    margin-left: 4px;
    padding: 0 5px;
    border-radius: 8px;
    background: var(--_danger);
    color: #fff;
    font-size: 11px;
  }

  .dial-field {
    position: relative;
  }
  .dial-input {
    height: 44px;
    padding: 0 40px 0 12px;
    font-size: 20px;
    letter-spacing: 0.02em;
  }
  .dial-input::placeholder {
    font-size: 14px;
    letter-spacing: 0;
  }
  .dial-field .icon-btn {
    position: absolute;
    top: 7px;
    right: 6px;
  }
  .lookup {
    min-height: 18px;
    margin-top: -4px;
    font-size: 12px;
    color: var(--_muted);
  }

  .pad {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    gap: 6px;
  }
  .key {
    display: grid;
    justify-items: center;
    align-content: center;
    height: 46px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_key-bg);
    line-height: 1.1;
    cursor: pointer;
    user-select: none;
  }
  .key:active {
    background: color-mix(in srgb, var(--_primary) 14%, var(--_bg));
  }
  .key-digit {
    font-size: 19px;
    font-weight: 500;
  }
  .key-letters {
    min-height: 11px;
    font-size: 9.5px;
    letter-spacing: 0.12em;
    color: var(--_muted);
  }
  .compact .key {
    height: 38px;
  }

  .actions {
    display: flex;
    justify-content: center;
    gap: 28px;
  }
  .round-label {
    display: grid;
    justify-items: center;
    gap: 4px;
  }
  .round {
    width: 52px;
    height: 52px;
    border-radius: 50%;
    color: #fff;
  }
  .round:hover:not(:disabled),
  .btn.go:hover:not(:disabled),
  .btn.stop:hover:not(:disabled) {
    filter: brightness(0.9);
  }
  .round:disabled {
    opacity: 0.45;
    cursor: default;
  }
  .call,
  .btn.go {
    --_fill: var(--_call);
  }
  .hangup,
  .btn.stop {
    --_fill: var(--_hangup);
  }
  .round,
  .btn.go,
  .btn.stop {
    background: var(--_fill);
    border-color: var(--_fill);
    color: #fff;
  }

  .card {
    display: grid;
    justify-items: center;
    gap: 2px;
    padding: 6px 0 4px;
    text-align: center;
  }
  .avatar {
    display: grid;
    place-items: center;
    width: 56px;
    height: 56px;
    margin-bottom: 8px;
    border-radius: 50%;
    background: color-mix(in srgb, var(--_primary) 12%, var(--_bg));
    color: var(--_primary);
    font-size: 20px;
    font-weight: 600;
  }
  .card[data-phase="ringing"] .avatar {
    background: color-mix(in srgb, var(--_call) 14%, var(--_bg));
    color: var(--_call);
    animation: ring 1.4s ease-in-out infinite;
  }
  @keyframes ring {
    0% {
      box-shadow: 0 0 0 0 color-mix(in srgb, var(--_call) 35%, transparent);
    }
    60%,
    100% {
      box-shadow: 0 0 0 10px transparent;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .avatar,
    .dot {
      animation: none !important;
    }
  }
  .call-name {
    max-width: 100%;
    font-size: 17px;
    font-weight: 600;
  }
  .call-state {
    display: flex;
    align-items: center;
    gap: 6px;
    margin-top: 6px;
    font-size: 12px;
    color: var(--_muted);
  }
  .call-state[data-tone="ended"] {
    color: var(--_danger);
  }
  .call-number,
  .timer,
  .dtmf-line,
  .entry-time {
    font-variant-numeric: tabular-nums;
  }
  .call-number,
  .referred {
    color: var(--_muted);
  }
  .timer {
    font-weight: 500;
    color: var(--_text);
  }
  .chip {
    padding: 0 7px;
    border: 1px solid #fde68a;
    border-radius: 999px;
    background: #fffbeb;
    color: #b45309;
    font-size: 11px;
    font-weight: 500;
  }
  .chip.muted-chip {
    border-color: #fecaca;
    background: var(--_danger-bg);
    color: var(--_danger);
  }

  .controls {
    display: grid;
    grid-template-columns: repeat(4, 1fr);
    gap: 6px;
  }
  .control {
    display: grid;
    justify-items: center;
    gap: 3px;
    padding: 8px 2px 6px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    font-size: 11.5px;
    cursor: pointer;
  }
  .control[aria-pressed="true"] {
    border-color: color-mix(in srgb, var(--_primary) 45%, transparent);
  }
  .control:disabled {
    opacity: 0.45;
    cursor: default;
  }
  .dtmf-line {
    min-height: 20px;
    text-align: center;
    font-size: 16px;
    letter-spacing: 0.12em;
    color: var(--_muted);
  }

  .panel {
    display: grid;
    gap: 8px;
    padding: 10px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .panel-title {
    margin: 0;
    font-weight: 600;
  }
  .incoming-banner {
    border-color: color-mix(in srgb, var(--_call) 40%, transparent);
    background: color-mix(in srgb, var(--_call) 7%, var(--_bg));
  }
  .row {
    display: flex;
    gap: 6px;
    align-items: center;
  }
  .grow,
  .block {
    flex: 1;
    min-width: 0;
  }
  .others {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .other,
  .entry {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 6px 6px 6px 10px;
  }
  .other + .other,
  .entry,
  .history-foot {
    border-top: 1px solid var(--_border);
  }

  .history {
    margin: 0 -12px;
    max-height: var(--org-softphone-history-height, 360px);
    overflow-y: auto;
  }
  .history-empty {
    padding: 28px 12px;
    text-align: center;
    color: var(--_muted);
  }
  .entry {
    padding-left: 12px;
  }
  .entry-icon {
    display: grid;
    color: var(--_muted);
  }
  .entry .icon-btn {
    color: var(--_call);
  }
  .history-foot {
    display: flex;
    justify-content: flex-end;
    margin: 0 -12px -12px;
    padding: 6px 8px;
  }

  .settings {
    display: grid;
    gap: 12px;
  }
  .range-row,
  .check {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .range-row input {
    flex: 1;
    accent-color: var(--_primary);
  }
  .range-value {
    width: 36px;
    text-align: right;
    font-size: 12px;
    color: var(--_muted);
  }
  .check {
    cursor: pointer;
  }
  .check input {
    margin: 0;
    accent-color: var(--_primary);
  }
  .section-title {
    margin: 4px 0 0;
    padding-top: 10px;
    border-top: 1px solid var(--_border);
    font-size: 12px;
    font-weight: 600;
    color: var(--_muted);
  }
  .shortcuts {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 4px 12px;
    margin: 0;
    font-size: 12px;
  }
  .shortcuts dd {
    margin: 0;
    color: var(--_muted);
  }
  kbd {
    padding: 0 5px;
    border: 1px solid var(--_border-strong);
    border-bottom-width: 2px;
    border-radius: 4px;
    font: 11px / 17px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  }

  .notice {
    margin: 0;
    padding: 7px 10px;
    border: 1px solid;
    border-radius: var(--_radius);
    font-size: 12px;
  }
  .notice[data-kind="error"] {
    background: var(--_danger-bg);
    color: var(--_danger);
  }
  .notice[data-kind="info"] {
    background: var(--org-info-bg, #eff6ff);
    color: var(--org-info-fg, #1e40af);
  }
`

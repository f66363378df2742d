import { css } from "lit"

/**
 * Design tokens and controls shared by every widget. Each `--org-*` custom property can be set
 * by the host page (they inherit through shadow roots); `--_*` are the internal resolved values.
 */
export const tokens = css`
  :host {
    --_font: var(
      --org-font,
      system-ui,
      -apple-system,
      "Segoe UI",
      Roboto,
      "Helvetica Neue",
      "Noto Sans",
      "Liberation Sans",
      Arial,
      sans-serif
    );
    --_font-size: var(--org-font-size, 13px);
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
    --_warning: var(--org-warning, #d97706);
    --_radius: var(--org-radius, 6px);
    --_focus: var(--org-focus, #2563eb);
    --_row-hover: var(--org-row-hover, #f1f5f9);
    --_control-h: var(--org-control-height, 30px);

    font-family: var(--_font);
    font-size: var(--_font-size);
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
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`

export const controls = css`
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
    transition: background-color 0.12s, border-color 0.12s;
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
    border-color: var(--_primary-hover);
  }
  .btn.ghost {
    border-color: transparent;
    background: transparent;
  }
  .btn.ghost:hover:not(:disabled) {
    background: var(--_row-hover);
    border-color: transparent;
  }
  .input {
    width: 100%;
    height: var(--_control-h);
    padding: 0 8px;
    border: 1px solid var(--_border-strong);
    border-radius: var(--_radius);
    background: var(--_bg);
    transition: border-color 0.12s, box-shadow 0.12s;
  }
  .input::placeholder {
    color: var(--_muted);
    opacity: 0.8;
  }
  .input:focus {
    outline: none;
    border-color: var(--_focus);
    box-shadow: 0 0 0 3px color-mix(in srgb, var(--_focus) 22%, transparent);
  }
  .input[aria-invalid="true"] {
    border-color: var(--_danger);
  }
  .input[aria-invalid="true"]:focus {
    box-shadow: 0 0 0 3px color-mix(in srgb, var(--_danger) 20%, transparent);
  }
  .label {
    display: block;
    margin-bottom: 3px;
    font-size: 12px;
    font-weight: 500;
    color: var(--_muted);
  }
  .field-error {
    display: block;
    margin-top: 3px;
    font-size: 12px;
    color: var(--_danger);
  }
  .alert {
    padding: 8px 10px;
    border: 1px solid color-mix(in srgb, var(--_danger) 30%, transparent);
    border-radius: var(--_radius);
    background: var(--_danger-bg);
    color: var(--_danger);
  }
  .alert p {
    margin: 0;
  }
  .alert p + p {
    margin-top: 2px;
    color: var(--_text);
  }
`

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

/** Notes that are not errors: success (green), warning (amber), info (blue). */
export const notes = css`
  .alert.success {
    border-color: color-mix(in srgb, var(--_success) 35%, transparent);
    background: var(--org-success-bg, #f0fdf4);
    color: var(--org-success-fg, #166534);
  }
  .alert.warning {
    border-color: color-mix(in srgb, var(--_warning) 40%, transparent);
    background: var(--org-warning-bg, #fffbeb);
    color: var(--org-warning-fg, #92400e);
  }
  .alert.info {
    border-color: color-mix(in srgb, var(--_primary) 30%, transparent);
    background: var(--org-info-bg, #eff6ff);
    color: var(--org-info-fg, #1e40af);
  }
  .alert.success p + p,
  .alert.warning p + p,
  .alert.info p + p {
    color: inherit;
    opacity: 0.9;
  }
`

/** Cards, data tables and tags of the account and administration pages. */
export const surfaces = css`
  .muted {
    color: var(--_muted);
  }
  .mono {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
    font-size: 12px;
  }
  .card {
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) + 2px);
    background: var(--_bg);
  }
  .card + .card {
    margin-top: 16px;
  }
  .card-head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 4px 12px;
    padding: 12px 14px 10px;
    border-bottom: 1px solid var(--_border);
  }
  .card-title {
    margin: 0;
    font-size: 14px;
    font-weight: 600;
  }
  .card-sub {
    margin: 0;
    font-size: 12px;
    color: var(--_muted);
  }
  .card-body {
    padding: 12px 14px 14px;
  }
  .table-wrap {
    overflow-x: auto;
  }
  table.data {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  table.data th,
  table.data td {
    padding: 7px 10px;
    text-align: left;
    vertical-align: middle;
    border-bottom: 1px solid var(--_border);
  }
  table.data th {
    background: var(--_surface);
    font-size: 12px;
    font-weight: 600;
    color: var(--_muted);
    white-space: nowrap;
  }
  table.data tbody tr:last-child td {
    border-bottom: 0;
  }
  table.data td.nowrap {
    white-space: nowrap;
  }
  table.data td.actions {
    width: 1%;
    white-space: nowrap;
    text-align: right;
  }
  .tag {
    display: inline-block;
    padding: 0 7px;
    border-radius: 999px;
    border: 1px solid var(--_tag-border, var(--_border));
    background: var(--_tag-bg, var(--_surface));
    color: var(--_tag-fg, var(--_muted));
    font-size: 11px;
    font-weight: 500;
    line-height: 18px;
    white-space: nowrap;
  }
  .tag[data-tone="success"] {
    --_tag-bg: #f0fdf4;
    --_tag-fg: #15803d;
    --_tag-border: #bbf7d0;
  }
  .tag[data-tone="info"] {
    --_tag-bg: #eff6ff;
    --_tag-fg: #1d4ed8;
    --_tag-border: #bfdbfe;
  }
  .tag[data-tone="warning"] {
    --_tag-bg: #fffbeb;
    --_tag-fg: #b45309;
    --_tag-border: #fde68a;
  }
  .tag[data-tone="danger"] {
    --_tag-bg: #fef2f2;
    --_tag-fg: #b91c1c;
    --_tag-border: #fecaca;
  }
  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
  }
  .btn.danger {
    color: var(--_danger);
  }
  .btn.danger.solid {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_on-primary);
  }
  .btn.small {
    height: 26px;
    padding: 0 9px;
    font-size: 12px;
  }
  .confirm {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  .state-line {
    padding: 20px 14px;
    text-align: center;
    color: var(--_muted);
  }
  .form-grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
    gap: 12px;
    align-items: start;
  }
  .field-wide {
    grid-column: 1 / -1;
  }
  .form-actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 10px;
    margin-top: 12px;
  }
  fieldset.roles {
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  fieldset.roles legend {
    padding: 0;
  }
  .role-options {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .role-option {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    height: 28px;
    padding: 0 10px 0 8px;
    border: 1px solid var(--_border-strong);
    border-radius: 999px;
    background: var(--_bg);
    cursor: pointer;
    user-select: none;
  }
  .role-option:has(input:checked) {
    border-color: var(--_primary);
    background: color-mix(in srgb, var(--_primary) 8%, var(--_bg));
  }
  .role-option input {
    width: 14px;
    height: 14px;
    margin: 0;
    accent-color: var(--_primary);
  }
  fieldset.roles[data-invalid] .role-option {
    border-color: var(--_danger);
  }
`

/** The card of the sign-in and set-password forms. */
export const authCard = css`
  :host {
    display: block;
    max-width: 360px;
    margin: 0 auto;
  }
  .card {
    padding: 20px 24px 24px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) + 4px);
    background: var(--_bg);
    box-shadow:
      0 1px 2px rgb(15 23 42 / 0.04),
      0 8px 24px rgb(15 23 42 / 0.06);
  }
  .head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    margin-bottom: 18px;
  }
  .brand {
    display: flex;
    align-items: center;
    gap: 8px;
    font-weight: 600;
  }
  .logo {
    display: inline-grid;
    place-items: center;
    width: 24px;
    height: 24px;
    border-radius: 6px;
    background: var(--_primary);
    color: var(--_on-primary);
    font-size: 13px;
    font-weight: 700;
  }
  .title {
    margin: 0;
    font-size: 18px;
    font-weight: 600;
  }
  .subtitle {
    margin: 2px 0 16px;
    color: var(--_muted);
  }
  form {
    display: grid;
    gap: 12px;
  }
  .hint {
    display: block;
    margin-top: 3px;
    font-size: 12px;
    color: var(--_muted);
  }
`

/** Admin tables: inline alerts, the confirmation row, and stacked rows in narrow containers. */
export const dataLists = css`
  .inline-alert {
    margin: 12px 14px;
  }
  .form-alert {
    margin-top: 12px;
  }
  .retry {
    margin-top: 6px;
  }
  tr.confirm-row td {
    background: var(--_danger-bg);
  }
  .confirm {
    flex-wrap: wrap;
  }
  .confirm-text {
    margin-right: 4px;
    font-weight: 500;
    color: var(--_danger);
  }
  @container (max-width: 600px) {
    table.data thead {
      display: none;
    }
    table.data,
    table.data tbody {
      display: block;
    }
    table.data tr {
      display: block;
      padding: 8px 12px;
      border-bottom: 1px solid var(--_border);
    }
    table.data tbody tr:last-child {
      border-bottom: 0;
    }
    table.data td,
    table.data tbody tr:last-child td {
      display: flex;
      gap: 12px;
      justify-content: space-between;
      align-items: baseline;
      padding: 2px 0;
      border: 0;
      text-align: right;
    }
    table.data td[data-label]::before {
      content: attr(data-label);
      flex: none;
      color: var(--_muted);
      font-family: var(--_font);
      font-size: 12px;
      font-weight: 400;
      text-align: left;
    }
    /* The row's name heads its card, without a label. */
    table.data td.primary {
      justify-content: flex-start;
      padding-bottom: 4px;
      font-size: 13px;
      font-weight: 600;
      text-align: left;
    }
    table.data td.primary[data-label]::before {
      content: none;
    }
    table.data td.actions,
    table.data tbody tr:last-child td.actions {
      width: auto;
      justify-content: flex-end;
      padding-top: 6px;
    }
    table.data tr.confirm-row td {
      justify-content: flex-start;
      text-align: left;
    }
    .tags {
      justify-content: flex-end;
    }
  }
`

/** A from–to pair of date inputs: `.range` > two `.date` inputs, `.range-error` under both. */
export const dateRange = css`
  .range {
    display: flex;
    flex-wrap: wrap;
    gap: 0 6px;
  }
  .range-error {
    flex-basis: 100%;
  }
  .date {
    width: 140px;
  }
`

/**
 * A search input with a magnifier in it: `.search-box` > `svg.search-icon` + `input.input.search`;
 * the element sizes the box.
 */
export const searchBox = css`
  .search-box {
    position: relative;
  }
  .search-icon {
    position: absolute;
    left: 8px;
    top: 50%;
    width: 14px;
    height: 14px;
    transform: translateY(-50%);
    color: var(--_muted);
    pointer-events: none;
  }
  .input.search {
    padding-left: 28px;
  }
`

/**
 * A row of radio buttons drawn as one control (`.segments` of `label.segment`s, each an input and
 * its `span`). The element gives the box its background, if any.
 */
export const segmented = css`
  .segments {
    display: inline-flex;
    height: var(--_control-h);
    border: 1px solid var(--_border-strong);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .segment {
    position: relative;
    display: inline-flex;
  }
  .segment + .segment {
    border-left: 1px solid var(--_border-strong);
  }
  .segment input {
    position: absolute;
    inset: 0;
    opacity: 0;
    margin: 0;
    cursor: pointer;
  }
  .segment span {
    display: inline-flex;
    align-items: center;
    padding: 0 10px;
    color: var(--_muted);
    white-space: nowrap;
  }
  .segment input:checked + span {
    background: color-mix(in srgb, var(--_primary) 10%, var(--_bg));
    color: var(--_primary);
    font-weight: 500;
  }
  .segment input:focus-visible + span {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
`

/**
 * A data table row being edited (`tr[data-editing]`) and the row under it with the editor
 * (`tr.edit-row`), marked by a bar on the left; stacked in narrow containers like the other rows.
 * Goes after `surfaces` and `dataLists`.
 */
export const editRows = css`
  tr[data-editing] td {
    background: var(--_surface);
    border-bottom-color: transparent;
  }
  table.data tr[data-editing] td:first-child {
    box-shadow: inset 3px 0 0 var(--_primary);
  }
  table.data tr.edit-row td {
    padding: 4px 14px 16px;
    background: var(--_surface);
    box-shadow: inset 3px 0 0 var(--_primary);
  }
  table.data tbody tr.edit-row:last-child td {
    border-bottom: 0;
  }
  @container (max-width: 600px) {
    table.data tr[data-editing] {
      background: var(--_surface);
      box-shadow: inset 3px 0 0 var(--_primary);
    }
    table.data tr[data-editing] td:first-child {
      box-shadow: none;
    }
    table.data tr.edit-row {
      padding: 4px 12px 14px;
      background: var(--_surface);
      box-shadow: inset 3px 0 0 var(--_primary);
    }
    table.data tr.edit-row td {
      display: block;
      padding: 0;
      box-shadow: none;
      text-align: left;
    }
  }
`

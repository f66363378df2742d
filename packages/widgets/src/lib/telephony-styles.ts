/** Styles the PBX elements add to the admin styles (lib/styles.ts). */
import { css } from "lit"

/** What the PBX panels add to the admin styles: toolbars, edit panels, the password box. */
export const telephonyStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px 10px;
    padding: 10px 14px;
    border-bottom: 1px solid var(--_border);
    background: var(--_surface);
  }
  .search-box {
    position: relative;
    flex: 1 1 220px;
    max-width: 360px;
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
  .toolbar-end {
    margin-left: auto;
    display: flex;
    align-items: center;
    gap: 8px;
  }
  fieldset.segmented {
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  .segments {
    display: inline-flex;
    height: var(--_control-h);
    border: 1px solid var(--_border-strong);
    border-radius: var(--_radius);
    background: var(--_bg);
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
    font-size: 12px;
    font-weight: 500;
    color: var(--_muted);
    white-space: nowrap;
  }
  .segment input:checked + span {
    background: color-mix(in srgb, var(--_primary) 10%, var(--_bg));
    color: var(--_primary);
  }
  .segment input:focus-visible + span {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
  .hint {
    display: block;
    margin-top: 3px;
    font-size: 12px;
    color: var(--_muted);
  }
  .secret {
    display: grid;
    gap: 6px;
    margin-bottom: 14px;
  }
  .secret:focus {
    outline: none;
  }
  .secret org-copy-field {
    margin-top: 2px;
    color: var(--_text);
  }
  .secret-facts {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 20px;
    margin: 0;
    color: var(--_text);
  }
  .secret-facts div {
    display: flex;
    gap: 6px;
    align-items: baseline;
  }
  .secret-facts dt {
    font-size: 12px;
    color: var(--_muted);
  }
  .secret-facts dd {
    margin: 0;
  }
  .confirm-buttons {
    display: inline-flex;
    gap: 6px;
  }
  .row-actions {
    display: inline-flex;
    gap: 6px;
    justify-content: flex-end;
  }
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
  .edit-form {
    display: grid;
    gap: 12px;
  }
  .edit-title {
    margin: 0;
    font-size: 13px;
    font-weight: 600;
  }
  .edit-form .form-actions {
    margin-top: 0;
  }
  .edit-form .form-alert {
    margin: 0;
  }
  .form-alert:focus {
    outline: none;
  }
  .load-more {
    display: flex;
    justify-content: center;
    padding: 10px 14px;
    border-top: 1px solid var(--_border);
  }
  .nowrap {
    white-space: nowrap;
  }
  @container (max-width: 600px) {
    .toolbar {
      padding: 8px 12px;
    }
    .search-box {
      flex-basis: 100%;
      max-width: none;
    }
    .toolbar-end {
      margin-left: 0;
    }
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
    table.data tr.confirm-row td {
      display: block;
    }
    .row-actions {
      flex-wrap: wrap;
    }
  }
`

/** The grid of the account forms: three even columns, so the labels and the users' names fit. */
export const accountGridStyles = css`
  .account-grid {
    display: grid;
    grid-template-columns: repeat(3, minmax(0, 1fr));
    gap: 12px 16px;
    align-items: start;
  }
  @container (max-width: 760px) {
    .account-grid {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
  }
  @container (max-width: 480px) {
    .account-grid {
      grid-template-columns: minmax(0, 1fr);
    }
  }
`

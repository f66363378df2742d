/** Styles the PBX elements add to the admin styles (lib/styles.ts). */
import { css, type CSSResultGroup } from "lit"
import { editRows, searchBox, segmented } from "./styles.js"

/** The PBX panels' own part of {@link telephonyStyles}. */
const panelStyles = css`
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
    flex: 1 1 220px;
    max-width: 360px;
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
    background: var(--_bg);
  }
  .segment span {
    font-size: 12px;
    font-weight: 500;
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
    table.data tr.confirm-row td {
      display: block;
    }
    .row-actions {
      flex-wrap: wrap;
    }
  }
`

/**
 * What the PBX panels add to the admin styles: toolbars with a search box and a status filter,
 * edit rows and panels, the password box. Goes after `surfaces` and `dataLists`.
 */
export const telephonyStyles: CSSResultGroup = [searchBox, segmented, editRows, panelStyles]

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

import { css } from "lit"

/** Styles of `<org-dictionary-editor>`: three panes (dictionaries, items, record), stacked when narrow. */
export const dictionaryEditorStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .editor {
    display: grid;
    grid-template-columns: 210px minmax(240px, 320px) minmax(0, 1fr);
    align-items: start;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) + 2px);
    background: var(--_bg);
    min-height: 420px;
  }
  .pane {
    min-width: 0;
    align-self: stretch;
  }
  .pane + .pane {
    border-left: 1px solid var(--_border);
  }
  .pane-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    min-height: 44px;
    padding: 8px 12px;
    border-bottom: 1px solid var(--_border);
  }
  .pane-title {
    margin: 0;
    font-size: 14px;
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .small {
    font-size: 12px;
  }
  .req {
    color: var(--_danger);
  }

  /* dictionaries */
  .dicts {
    background: var(--_surface);
    border-radius: calc(var(--_radius) + 2px) 0 0 calc(var(--_radius) + 2px);
  }
  .dicts > .pane-title {
    min-height: 44px;
    padding: 13px 12px 8px;
    font-size: 12px;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--_muted);
  }
  .dict-select {
    display: none;
  }
  .dict-list {
    list-style: none;
    margin: 0;
    padding: 0 6px 8px;
  }
  .dict-list li.special {
    margin-top: 6px;
    padding-top: 6px;
    border-top: 1px solid var(--_border);
  }
  .dict {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    width: 100%;
    padding: 5px 8px;
    border: 0;
    border-radius: var(--_radius);
    background: transparent;
    text-align: left;
    cursor: pointer;
  }
  .dict:hover {
    background: var(--_row-hover);
  }
  .dict[aria-current="true"] {
    background: color-mix(in srgb, var(--_primary) 10%, var(--_bg));
    color: var(--_primary);
  }
  .dict-name {
    font-weight: 500;
  }
  .dict-key {
    font-size: 11px;
    color: var(--_muted);
  }
  .dicts > .muted {
    padding: 0 14px;
  }

  /* list */
  .list-tools {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    padding: 8px 12px;
    border-bottom: 1px solid var(--_border);
  }
  .list-tools .input {
    flex: 1 1 140px;
  }
  .rows {
    list-style: none;
    margin: 0;
    padding: 4px 0;
    max-height: 560px;
    overflow-y: auto;
  }
  .rows.stale {
    opacity: 0.55;
  }
  .row {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    width: 100%;
    padding: 6px 12px;
    border: 0;
    background: transparent;
    text-align: left;
    cursor: pointer;
  }
  .row:hover {
    background: var(--_row-hover);
  }
  .row[aria-current="true"] {
    background: color-mix(in srgb, var(--_primary) 9%, var(--_bg));
    box-shadow: inset 3px 0 0 var(--_primary);
  }
  .row:focus-visible {
    outline-offset: -2px;
  }
  .row-main {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .row-title {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .row-sub {
    font-size: 12px;
    color: var(--_muted);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .row-code {
    flex: none;
    max-width: 45%;
    overflow: hidden;
    text-overflow: ellipsis;
    color: var(--_muted);
    font-size: 11px;
  }
  .more {
    display: flex;
    justify-content: center;
    padding: 6px 0 10px;
  }
  .inline-alert {
    margin: 10px 12px;
  }
  .inline-alert .btn {
    margin-top: 6px;
  }

  /* record */
  .record .form {
    padding: 12px 14px 14px;
  }
  .record > .alert {
    margin: 12px 14px 0;
  }
  .empty-record {
    display: grid;
    place-items: center;
  }
  .form-grid {
    grid-template-columns: repeat(auto-fill, minmax(190px, 1fr));
  }
  .partner-grid {
    grid-template-columns: repeat(3, minmax(0, 1fr));
  }
  .field-span {
    grid-column: span 2;
  }
  .pair {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    gap: 6px;
  }
  .list-tools input[type="search"] {
    flex-basis: 100%;
  }
  .textarea {
    height: auto;
    min-height: 56px;
    padding: 6px 8px;
    resize: vertical;
  }
  .form-alert {
    margin-top: 12px;
  }
  .form-actions {
    padding-top: 12px;
    border-top: 1px solid var(--_border);
  }
  .spacer {
    flex: 1;
  }
  .confirm-text {
    font-weight: 500;
    color: var(--_danger);
  }
  fieldset.field {
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  fieldset.field > legend {
    padding: 0;
  }
  .attr-head,
  .attr-row {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1.4fr) 110px 28px;
    gap: 6px;
    align-items: center;
  }
  .attr-head {
    font-size: 11px;
    color: var(--_muted);
    margin-bottom: 3px;
  }
  .attr-row + .attr-row,
  .field-error + .attr-row {
    margin-top: 6px;
  }
  .remove {
    width: 28px;
    padding: 0;
    font-size: 16px;
    color: var(--_muted);
  }
  .add-attr {
    margin-top: 8px;
  }
  .no-attrs {
    margin: 0;
  }
  .days {
    display: grid;
    gap: 4px;
    margin-top: 8px;
  }
  .day {
    display: grid;
    grid-template-columns: 120px 116px 10px 116px minmax(0, 1fr);
    align-items: center;
    gap: 6px;
  }
  .day-open {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    cursor: pointer;
  }
  .day-open input {
    margin: 0;
    accent-color: var(--_primary);
  }
  .time {
    padding: 0 6px;
  }
  .closed {
    grid-column: span 3;
    font-size: 12px;
  }
  .day-error {
    margin: 0;
  }
  .dash {
    text-align: center;
    color: var(--_muted);
  }

  @container (max-width: 900px) {
    .editor {
      grid-template-columns: 200px minmax(0, 1fr);
    }
    .record {
      grid-column: 1 / -1;
      border-left: 0 !important;
      border-top: 1px solid var(--_border);
    }
  }
  @container (max-width: 620px) {
    .editor {
      grid-template-columns: minmax(0, 1fr);
    }
    .pane + .pane {
      border-left: 0;
      border-top: 1px solid var(--_border);
    }
    .dicts {
      border-radius: calc(var(--_radius) + 2px) calc(var(--_radius) + 2px) 0 0;
      padding: 8px 12px;
    }
    .dicts > .pane-title,
    .dict-list {
      display: none;
    }
    .dict-select {
      display: block;
    }
    .rows {
      max-height: 300px;
    }
    .partner-grid {
      grid-template-columns: minmax(0, 1fr);
    }
    .field-span {
      grid-column: auto;
    }
    .attr-head {
      display: none;
    }
    .attr-row {
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) 78px 28px;
      gap: 4px;
    }
    .attr-row select {
      padding: 0 2px;
    }
    .day {
      grid-template-columns: 90px minmax(0, 1fr) 10px minmax(0, 1fr);
    }
    .day-error {
      grid-column: 1 / -1;
    }
  }
`

import { css } from "lit"

/**
 * Styles of `<org-case-list>`: the create form, the filter bar, the table and its narrow card
 * layout. Goes after `searchBox` and `segmented` (lib/styles.ts).
 */
export const caseListStyles = css`
  :host {
    display: block;
    container-type: inline-size;
    --_attention: var(--org-case-attention, #facc15);
  }
  .notice {
    margin-bottom: 12px;
  }
  .muted {
    color: var(--_muted);
  }
  .btn.small {
    height: 26px;
    padding: 0 9px;
    font-size: 12px;
  }

  /* --- create form --- */
  .form {
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(0, 2fr) auto;
    grid-template-areas:
      "heading heading heading"
      "title phone actions"
      "alert alert alert";
    gap: 6px 10px;
    align-items: start;
    padding: 10px 12px 12px;
    margin-bottom: 12px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .form-heading {
    grid-area: heading;
    margin: 0;
    font-size: 13px;
    font-weight: 600;
  }
  .field-title {
    grid-area: title;
  }
  .field-phone {
    grid-area: phone;
  }
  .actions {
    grid-area: actions;
    padding-top: 20px;
  }
  .label {
    height: 17px;
    line-height: 17px;
    white-space: nowrap;
  }
  .form-alert {
    grid-area: alert;
  }

  /* --- filter bar --- */
  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 8px 10px;
    padding: 10px 12px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius) var(--_radius) 0 0;
    background: var(--_surface);
  }
  .filter {
    min-width: 0;
  }
  .search-box {
    flex: 1 1 240px;
  }
  .select {
    padding-right: 4px;
    max-width: 210px;
  }
  .select:disabled {
    color: var(--_muted);
    background: var(--_surface);
  }
  fieldset.segmented {
    margin: 0;
    padding: 0;
    border: 0;
  }
  fieldset.segmented legend {
    padding: 0;
  }
  .segments {
    background: var(--_bg);
  }
  .toggles {
    display: flex;
    gap: 6px;
  }
  .flag-dot {
    width: 9px;
    height: 9px;
    border-radius: 50%;
    background: var(--_attention);
    box-shadow: 0 0 0 1px color-mix(in srgb, var(--_attention) 60%, #000 20%);
  }
  .attention-toggle[aria-pressed="true"] {
    background: color-mix(in srgb, var(--_attention) 30%, var(--_bg));
    border-color: color-mix(in srgb, var(--_attention) 80%, #000 10%);
  }
  .attention-toggle[aria-pressed="true"]:hover:not(:disabled) {
    background: color-mix(in srgb, var(--_attention) 40%, var(--_bg));
    border-color: color-mix(in srgb, var(--_attention) 80%, #000 20%);
  }
  .reset {
    color: var(--_primary);
  }

  .summary {
    display: flex;
    align-items: center;
    gap: 8px;
    min-height: 28px;
    padding: 4px 12px;
    border: 1px solid var(--_border);
    border-top: 0;
    font-size: 12px;
    color: var(--_muted);
  }
  .total {
    color: var(--_text);
    font-weight: 600;
  }

  /* --- states --- */
  .state {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 4px;
    padding: 16px 12px;
    border: 1px solid var(--_border);
    border-top: 0;
    border-radius: 0 0 var(--_radius) var(--_radius);
  }
  .state.alert {
    border: 1px solid color-mix(in srgb, var(--_danger) 30%, transparent);
    border-radius: var(--_radius);
    margin-top: 8px;
  }
  .state.muted {
    flex-direction: row;
    align-items: center;
    gap: 8px;
  }
  .state.empty {
    align-items: center;
    padding: 28px 12px;
    text-align: center;
    background: var(--_bg);
  }
  .state.empty .btn {
    margin-top: 6px;
  }
  .state.alert .btn {
    margin-top: 6px;
  }
  .spinner {
    width: 14px;
    height: 14px;
    border: 2px solid var(--_border-strong);
    border-top-color: var(--_primary);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  .spinner.small {
    width: 11px;
    height: 11px;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }

  /* --- table --- */
  .table-wrap {
    border: 1px solid var(--_border);
    border-top: 0;
    border-radius: 0 0 var(--_radius) var(--_radius);
    overflow-x: auto;
    background: var(--_bg);
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  table.stale tbody {
    opacity: 0.55;
    transition: opacity 0.15s;
  }
  th,
  td {
    padding: 6px 10px;
    text-align: left;
    vertical-align: middle;
    border-bottom: 1px solid var(--_border);
  }
  th {
    background: var(--_surface);
    font-size: 12px;
    font-weight: 600;
    color: var(--_muted);
    line-height: 1.25;
  }
  tbody tr {
    cursor: pointer;
    outline: none;
  }
  tbody tr:last-child td {
    border-bottom: 0;
  }
  tbody tr:hover td {
    background: var(--_row-hover);
  }
  tbody tr:focus-visible td {
    background: color-mix(in srgb, var(--_focus) 8%, var(--_bg));
  }
  tbody tr:focus-visible td:first-child {
    box-shadow: inset 3px 0 0 var(--_focus);
  }
  tbody tr[data-selected] td {
    background: color-mix(in srgb, var(--_primary) 9%, var(--_bg));
  }
  tbody tr[data-selected] td:first-child {
    box-shadow: inset 3px 0 0 var(--_primary);
  }
  tbody tr.attention td {
    background: color-mix(in srgb, var(--_flag, var(--_attention)) 24%, var(--_bg));
  }
  tbody tr.attention:hover td,
  tbody tr.attention:focus-visible td {
    background: color-mix(in srgb, var(--_flag, var(--_attention)) 34%, var(--_bg));
  }
  tbody tr.attention td:first-child {
    box-shadow: inset 4px 0 0 var(--_flag, var(--_attention));
  }
  tbody tr.attention:focus-visible td:first-child {
    box-shadow:
      inset 4px 0 0 var(--_flag, var(--_attention)),
      inset 6px 0 0 var(--_focus);
  }
  tr.fresh td {
    animation: fresh 2.5s ease-out;
  }
  @keyframes fresh {
    from {
      background: color-mix(in srgb, var(--_primary) 16%, transparent);
    }
  }
  .c-num {
    width: 1%;
    white-space: nowrap;
    font-weight: 500;
  }
  .c-title {
    overflow-wrap: anywhere;
    min-width: 180px;
  }
  .num-prefix {
    display: none;
  }
  .c-status,
  .c-phone,
  .c-created,
  .c-updated {
    width: 1%;
    white-space: nowrap;
  }
  .c-type,
  .c-assignee {
    width: 1%;
    white-space: nowrap;
  }
  .c-created,
  .c-updated {
    color: var(--_muted);
    font-size: 12px;
  }
  .flag-mark {
    display: inline-block;
    width: 8px;
    height: 8px;
    margin-right: 6px;
    border-radius: 50%;
    background: var(--_flag, var(--_attention));
    box-shadow: 0 0 0 1px color-mix(in srgb, var(--_flag, var(--_attention)) 50%, #000 30%);
    vertical-align: 1px;
  }
  .you {
    font-weight: 500;
  }
  .badge {
    display: inline-block;
    max-width: 200px;
    overflow: hidden;
    text-overflow: ellipsis;
    padding: 1px 8px;
    border-radius: 999px;
    border: 1px solid var(--_badge-border, var(--_border));
    background: var(--_badge-bg, var(--_surface));
    color: var(--_badge-fg, var(--_muted));
    font-size: 12px;
    font-weight: 500;
    line-height: 18px;
    white-space: nowrap;
    vertical-align: middle;
  }
  .badge[data-category="open"] {
    --_badge-bg: var(--org-status-open-bg, #eff6ff);
    --_badge-fg: var(--org-status-open-fg, #1d4ed8);
    --_badge-border: var(--org-status-open-border, #bfdbfe);
  }
  .badge[data-category="paused"] {
    --_badge-bg: var(--org-status-paused-bg, #fff7ed);
    --_badge-fg: var(--org-status-paused-fg, #c2410c);
    --_badge-border: var(--org-status-paused-border, #fed7aa);
  }
  .badge[data-category="resolved"] {
    --_badge-bg: var(--org-status-resolved-bg, #f0fdf4);
    --_badge-fg: var(--org-status-resolved-fg, #15803d);
    --_badge-border: var(--org-status-resolved-border, #bbf7d0);
  }
  .more {
    display: flex;
    justify-content: center;
    padding: 10px 0 2px;
  }
  .more-alert {
    margin-top: 8px;
  }

  .num-type {
    display: none;
    font-size: 12px;
    font-weight: 400;
    color: var(--_muted);
  }
  /* Medium widths: the type goes under the number, "updated" goes. */
  @container (max-width: 1180px) {
    .c-updated,
    .c-type {
      display: none;
    }
    .num-type {
      display: block;
    }
  }
  @container (max-width: 860px) {
    .select {
      max-width: 160px;
    }
  }

  /* A side panel: rows become cards. */
  @container (max-width: 560px) {
    .form {
      grid-template-columns: minmax(0, 1fr);
      grid-template-areas: "heading" "title" "phone" "alert" "actions";
    }
    .actions {
      padding-top: 2px;
    }
    .actions .btn {
      width: 100%;
    }
    .filters {
      padding: 8px 10px;
    }
    .search-box {
      flex-basis: 100%;
    }
    .filter:not(.search-box):not(.toggles):not(.range):not(.segmented) {
      flex: 1 1 calc(50% - 10px);
    }
    .select {
      max-width: none;
      width: 100%;
    }
    .range,
    fieldset.segmented {
      flex-basis: 100%;
    }
    .range > div {
      flex: 1 1 0;
      min-width: 0;
    }
    .date {
      width: 100%;
    }
    .segments {
      display: flex;
    }
    .segment {
      flex: 1 1 0;
    }
    .segment span {
      justify-content: center;
      width: 100%;
      padding: 0 4px;
    }
    thead {
      display: none;
    }
    table,
    tbody {
      display: block;
    }
    tbody tr {
      display: grid;
      grid-template-columns: auto minmax(0, 1fr) auto;
      grid-template-areas:
        "num type created"
        "title title title"
        "status phone assignee";
      gap: 3px 8px;
      align-items: center;
      padding: 8px 10px;
      border-bottom: 1px solid var(--_border);
    }
    tbody tr:last-child {
      border-bottom: 0;
    }
    tbody tr:hover,
    tbody tr:focus-visible {
      background: var(--_row-hover);
    }
    tbody tr.attention {
      background: color-mix(in srgb, var(--_flag, var(--_attention)) 24%, var(--_bg));
      box-shadow: inset 4px 0 0 var(--_flag, var(--_attention));
    }
    tbody tr[data-selected] {
      background: color-mix(in srgb, var(--_primary) 9%, var(--_bg));
      box-shadow: inset 3px 0 0 var(--_primary);
    }
    :host tbody tr td,
    :host tbody tr:hover td,
    :host tbody tr.attention td,
    :host tbody tr.attention:hover td,
    :host tbody tr[data-selected] td,
    :host tbody tr:focus-visible td,
    :host tbody tr td:first-child,
    :host tbody tr.attention:focus-visible td:first-child {
      width: auto;
      min-width: 0;
      padding: 0;
      border: 0;
      background: transparent;
      box-shadow: none;
    }
    td.c-num {
      grid-area: num;
      font-size: 12px;
      color: var(--_muted);
    }
    .num-prefix {
      display: inline;
    }
    .num-type {
      display: none;
    }
    td.c-type {
      grid-area: type;
      display: block;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      font-size: 12px;
      color: var(--_muted);
    }
    td.c-created {
      grid-area: created;
      justify-self: end;
    }
    :host td.c-updated {
      display: none;
    }
    td.c-title {
      grid-area: title;
      font-weight: 500;
    }
    td.c-status {
      grid-area: status;
    }
    td.c-phone {
      grid-area: phone;
      justify-self: start;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    td.c-assignee {
      grid-area: assignee;
      justify-self: end;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      font-size: 12px;
    }
  }
`

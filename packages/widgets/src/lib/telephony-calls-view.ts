/** Pieces of `<org-telephony-calls>`: how a party, a result and a duration are shown, and the styles. */
import { css, html, nothing, type TemplateResult } from "lit"
import type { CallDisposition, CallParty } from "../api/telephony.js"

/** The colour of a result: answered green, missed/busy amber, failed red, cancelled grey. */
export function dispositionTone(d: CallDisposition): string {
  switch (d) {
    case "answered":
      return "success"
    case "missed":
    case "busy":
      return "warning"
    case "failed":
      return "danger"
    case "cancelled":
      return "neutral"
  }
}

/** Talk time as m:ss (h:mm:ss from an hour on). */
export function formatTalk(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, "0")
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`
}

/**
 * A side of a call: the account's comment at the time of the call (the record keeps it, so a
 * later rename does not rewrite history), else the display name it sent, with the number or
 * username under it.
 */
export function renderParty(party: CallParty, accountName: string | null): TemplateResult {
  const name = accountName?.trim() || party.displayName?.trim() || ""
  return html`<span class="party" title=${party.uri}>
    <span class="party-name">${name || party.user}</span>
    ${name && name !== party.user ? html`<span class="party-user mono muted">${party.user}</span>` : nothing}
  </span>`
}

export const callFilterStyles = css`
  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 8px 10px;
    padding: 10px 14px;
    border-bottom: 1px solid var(--_border);
    background: var(--_surface);
  }
  .filter {
    min-width: 0;
  }
  .select {
    max-width: 220px;
    padding-right: 4px;
  }
  .filter-buttons {
    display: flex;
    gap: 8px;
    margin-left: auto;
  }
  .new-calls {
    display: flex;
    justify-content: center;
    padding: 8px 14px 0;
  }
  .table-wrap[data-stale] {
    opacity: 0.6;
    transition: opacity 0.15s;
  }
  table.data th.num,
  table.data td.num {
    text-align: right;
  }
  .party,
  .result {
    display: inline-flex;
    flex-direction: column;
    gap: 1px;
    min-width: 0;
  }
  .result {
    align-items: flex-start;
  }
  .party-name {
    font-weight: 500;
  }
  .sub {
    display: block;
    font-size: 11px;
  }
  .direction {
    color: var(--_muted);
    white-space: nowrap;
  }
  .tag[data-tone="neutral"] {
    --_tag-bg: var(--_surface);
    --_tag-fg: var(--_muted);
  }
  .load-more {
    display: flex;
    justify-content: center;
    padding: 10px 14px;
    border-top: 1px solid var(--_border);
  }
  .state-line p {
    margin: 0 0 8px;
  }
  .nowrap {
    white-space: nowrap;
  }
  @container (max-width: 600px) {
    .filters {
      padding: 8px 12px;
    }
    .range {
      flex-basis: 100%;
    }
    .range > .filter {
      flex: 1 1 0;
    }
    .date {
      width: 100%;
    }
    .filter:not(.range > .filter) {
      flex: 1 1 calc(50% - 10px);
    }
    .select {
      max-width: none;
      width: 100%;
    }
    .filter-buttons {
      flex-basis: 100%;
      margin-left: 0;
      justify-content: flex-end;
    }
    .party,
    .result {
      align-items: flex-end;
      text-align: right;
    }
    table.data td.num {
      text-align: right;
    }
  }
`

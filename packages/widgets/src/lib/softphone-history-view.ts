/** The call history list of `<org-softphone>` with redial. */
import { html, nothing, type TemplateResult } from "lit"
import { isMissed, type HistoryEntry } from "./softphone-history.js"
import { incomingIcon, missedIcon, outgoingIcon, phoneIcon } from "./softphone-icons.js"
import { endReasonKey, formatDuration, shownNumber, type ViewContext } from "./softphone-view.js"

export function renderHistory(ctx: ViewContext, entries: readonly HistoryEntry[]): TemplateResult {
  if (entries.length === 0) return html`<div class="history-empty" part="history-empty">${ctx.t("softphone.history.empty")}</div>`
  return html`<div class="history" part="history" role="list" aria-label=${ctx.t("softphone.history")}>
      ${entries.map((entry) => renderEntry(ctx, entry))}
    </div>
    <div class="history-foot">
      <button type="button" class="btn ghost small" part="clear-history" @click=${() => ctx.actions.clearHistory()}>${ctx.t("softphone.history.clear")}</button>
    </div>`
}

function renderEntry(ctx: ViewContext, entry: HistoryEntry): TemplateResult {
  const missed = isMissed(entry)
  const name = ctx.nameOf(entry.number) ?? entry.name
  const kind = missed ? "missed" : entry.direction
  const outcome = entry.seconds > 0 ? formatDuration(entry.seconds) : ctx.t(endReasonKey(entry.outcome))
  const time = ctx.formatTime(entry.at)
  const label = `${ctx.t(`softphone.history.${kind}`)}: ${name ? `${name}, ` : ""}${shownNumber(entry.number)}`
  return html`<div class="entry" part="history-item" role="listitem" data-kind=${kind} data-number=${entry.number}>
    <span class="entry-icon" ?data-missed=${missed} title=${ctx.t(`softphone.history.${kind}`)}>
      ${missed ? missedIcon() : entry.direction === "incoming" ? incomingIcon() : outgoingIcon()}
    </span>
    <span class="text">
      <span class="name" ?data-missed=${missed}>${name ?? shownNumber(entry.number)}</span>
      <span class="sub">${name ? html`${shownNumber(entry.number)} · ` : nothing}${outcome}</span>
    </span>
    <time class="entry-time" datetime=${new Date(entry.at).toISOString()} title=${time.full}>${time.short}</time>
    <button
      type="button"
      class="icon-btn"
      part="redial"
      aria-label=${ctx.t("softphone.history.redial", { target: label })}
      title=${ctx.t("softphone.history.redialShort")}
      @click=${() => ctx.actions.placeCall(entry.number)}
    >
      ${phoneIcon()}
    </button>
  </div>`
}

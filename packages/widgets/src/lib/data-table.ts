/** The data table of the administration and PBX lists (styled by `surfaces` and `dataLists` in lib/styles.ts). */
import { html, nothing, type TemplateResult } from "lit"

/** A column of a {@link renderDataTable}. */
export interface DataColumn {
  /** The heading's text. */
  readonly label: string
  /** A class for the heading, e.g. "num" (right-aligned). */
  readonly class?: string
  /** The heading is for screen readers only (the column of row buttons). */
  readonly hidden?: boolean
}

/**
 * `<div class="table-wrap"><table class="data" part="table">` with a header row of `columns`
 * and `rows` (the body's `<tr>`s) in its body. `stale` marks the wrap `data-stale` (the rows
 * are being reloaded).
 */
export function renderDataTable(columns: readonly DataColumn[], rows: unknown, options: { stale?: boolean } = {}): TemplateResult {
  return html`<div class="table-wrap" ?data-stale=${options.stale ?? false}>
    <table class="data" part="table">
      <thead>
        <tr>
          ${columns.map(
            (c) => html`
              <th scope="col" class=${c.class ?? nothing}>${c.hidden ? html`<span class="visually-hidden">${c.label}</span>` : c.label}</th>
            `,
          )}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`
}

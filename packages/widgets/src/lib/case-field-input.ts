/**
 * The input of one case field by its kind — text, number, money, date, phone, e-mail, VIN,
 * plate, OMS policy, SNILS, address (text + optional coordinates), dictionary (a searchable
 * select), person (a user select), file — shared by `<org-case-fields>` and `<org-case-create>`.
 * The element owns the state; this renders it and reports what the operator typed or picked.
 */
import { css, html, nothing, type TemplateResult } from "lit"
import type { CaseFieldDef } from "../api/case-card.js"
import type { ValuePickEvent } from "../case-card-events.js"
import type { MessageKey } from "../i18n/i18n.js"
import type { Lang } from "../i18n/i18n.js"
import { fieldInputText, isAddress, isMoney, parseAddress, parseFieldText, type Parsed, shortId } from "./case-fields.js"
import "../elements/org-dictionary-select.js"

/** What the operator typed or picked in one field, before it is saved. */
export type FieldEdit = { readonly text: string; readonly lat?: string; readonly lon?: string } | { readonly pick: string | null }

/** The value an edit stands for (or why it cannot be read). */
export function parseEdit(field: CaseFieldDef, edit: FieldEdit, saved: unknown): Parsed {
  if ("pick" in edit) return { ok: true, value: edit.pick }
  if (field.kind === "address") return parseAddress(edit.text, edit.lat ?? "", edit.lon ?? "")
  return parseFieldText(field, edit.text, saved)
}

export interface FieldInputContext {
  readonly field: CaseFieldDef
  /** The operator's edit, if any. */
  readonly edit: FieldEdit | undefined
  /** The value before the edit (the saved one, or a prefill). */
  readonly saved: unknown
  readonly id: string
  /** The field's name (accessible label of pickers). */
  readonly name: string
  /** Id of the error text, when there is one. */
  readonly errorId: string | undefined
  /** The error text (pickers in their own shadow root read it out themselves). */
  readonly error?: string | undefined
  readonly lang: Lang
  readonly t: (key: MessageKey, params?: Record<string, string | number>) => string
  readonly onEdit: (edit: FieldEdit) => void
  /** The edit as it is now (several inputs may fire before the next render), default `edit`. */
  readonly current?: () => FieldEdit | undefined
  /** Address fields: whether the coordinate inputs are shown, and how to toggle them. */
  readonly coordsOpen?: boolean
  readonly toggleCoords?: () => void
  /** Person fields: the users to offer; `meId` marks the current user. */
  readonly users?: readonly { id: string; name: string }[]
  readonly meId?: string | undefined
  /** File fields: the file's name by id; uploading; what to do with a picked file. */
  readonly fileName?: (id: string) => string | undefined
  readonly uploading?: boolean
  readonly onFile?: (input: HTMLInputElement) => void
}

function coordsOf(v: unknown): { lat?: string; lon?: string } {
  if (!isAddress(v) || v.lat === undefined || v.lon === undefined) return {}
  return { lat: String(v.lat), lon: String(v.lon) }
}

export function renderFieldInput(c: FieldInputContext): TemplateResult {
  const { field: f, edit, saved, id, errorId } = c
  const invalid = errorId ? "true" : "false"
  const text = edit && "text" in edit ? edit.text : fieldInputText(f, saved, c.lang)
  const onText = (e: Event) => {
    const t = (e.target as HTMLInputElement).value
    const now = c.current ? c.current() : edit
    c.onEdit(now && "text" in now ? { ...now, text: t } : { text: t, ...coordsOf(saved) })
  }
  const plain = (type: string, inputmode?: string, cls = "") => html`<input
    id=${id}
    class="input ${cls}"
    part="input"
    data-input
    name=${f.key}
    type=${type}
    inputmode=${inputmode ?? nothing}
    autocomplete="off"
    spellcheck="false"
    aria-invalid=${invalid}
    aria-describedby=${errorId ?? nothing}
    .value=${text}
    @input=${onText}
  />`
  switch (f.kind) {
    case "text":
      return html`<textarea
        id=${id}
        class="input area"
        part="input"
        data-input
        name=${f.key}
        rows="1"
        aria-invalid=${invalid}
        aria-describedby=${errorId ?? nothing}
        .value=${text}
        @input=${onText}
      ></textarea>`
    case "money":
      return html`<div class="affix">
        <input
          id=${id}
          class="input num"
          part="input"
          data-input
          name=${f.key}
          inputmode="decimal"
          autocomplete="off"
          placeholder="0,00"
          aria-invalid=${invalid}
          aria-describedby=${errorId ?? nothing}
          .value=${text}
          @input=${onText}
        /><span class="suffix">${isMoney(saved) ? saved.currency : "RUB"}</span>
      </div>`
    case "date":
      return plain("date")
    case "number":
      return plain("text", "decimal", "num")
    case "phone":
      return plain("tel", "tel")
    case "email":
      return plain("email", "email")
    case "vin":
    case "plate":
    case "oms_policy":
    case "snils":
      return plain("text", undefined, "mono")
    case "address":
      return renderAddress(c, invalid)
    case "dictionary":
      return html`<org-dictionary-select
        id=${id}
        data-input
        part="input"
        lang=${c.lang}
        .dictionary=${f.dictionary ?? ""}
        .value=${edit && "pick" in edit ? edit.pick : typeof saved === "string" ? saved : null}
        .label=${c.name}
        .invalid=${!!errorId}
        .description=${c.error}
        @org-value-pick=${(e: ValuePickEvent) => c.onEdit({ pick: e.value })}
      ></org-dictionary-select>`
    case "person":
      return renderPerson(c, invalid)
    case "file":
      return renderFile(c)
    default:
      return plain("text")
  }
}

function renderAddress(c: FieldInputContext, invalid: string): TemplateResult {
  const { field: f, edit, saved, id, errorId } = c
  const cur = edit && "text" in edit ? edit : { text: isAddress(saved) ? saved.text : "", ...coordsOf(saved) }
  const showCoords = !!c.coordsOpen || !!cur.lat || !!cur.lon
  const set = (patch: Partial<{ text: string; lat: string; lon: string }>) => {
    const now = c.current ? c.current() : edit
    const base = now && "text" in now ? now : cur
    c.onEdit({ text: base.text, lat: base.lat ?? "", lon: base.lon ?? "", ...patch })
  }
  return html`<div class="address">
    <div class="address-row">
      <input
        id=${id}
        class="input"
        part="input"
        data-input
        name=${f.key}
        autocomplete="off"
        aria-invalid=${invalid}
        aria-describedby=${errorId ?? nothing}
        .value=${cur.text}
        @input=${(e: Event) => set({ text: (e.target as HTMLInputElement).value })}
      />
      ${c.toggleCoords
        ? html`<button
            class="btn small ghost pin"
            type="button"
            aria-expanded=${showCoords ? "true" : "false"}
            aria-label=${c.t("card.address.coords")}
            title=${c.t("card.address.coords")}
            @click=${c.toggleCoords}
          >
            ${pinIcon}
          </button>`
        : nothing}
    </div>
    ${showCoords
      ? html`<div class="coords">
          <input
            class="input num"
            name=${`${f.key}-lat`}
            inputmode="decimal"
            aria-label=${c.t("card.address.lat")}
            placeholder=${c.t("card.address.lat")}
            .value=${cur.lat ?? ""}
            @input=${(e: Event) => set({ lat: (e.target as HTMLInputElement).value })}
          />
          <input
            class="input num"
            name=${`${f.key}-lon`}
            inputmode="decimal"
            aria-label=${c.t("card.address.lon")}
            placeholder=${c.t("card.address.lon")}
            .value=${cur.lon ?? ""}
            @input=${(e: Event) => set({ lon: (e.target as HTMLInputElement).value })}
          />
        </div>`
      : nothing}
  </div>`
}

function renderPerson(c: FieldInputContext, invalid: string): TemplateResult {
  const { field: f, edit, saved, id, errorId } = c
  const value = edit && "pick" in edit ? edit.pick : typeof saved === "string" ? saved : null
  const options = [...(c.users ?? [])]
  if (value && !options.some((o) => o.id === value)) options.push({ id: value, name: shortId(value) })
  return html`<select
    id=${id}
    class="input"
    part="input"
    data-input
    name=${f.key}
    aria-invalid=${invalid}
    aria-describedby=${errorId ?? nothing}
    @change=${(e: Event) => c.onEdit({ pick: (e.target as HTMLSelectElement).value || null })}
  >
    <option value="" ?selected=${!value}>${c.t("card.person.none")}</option>
    ${options.map((o) => html`<option value=${o.id} ?selected=${o.id === value}>${o.name}${c.meId === o.id ? ` (${c.t("card.me")})` : ""}</option>`)}
  </select>`
}

function renderFile(c: FieldInputContext): TemplateResult {
  const { field: f, edit, saved, id, errorId } = c
  const value = edit && "pick" in edit ? edit.pick : typeof saved === "string" ? saved : null
  const name = value ? (c.fileName?.(value) ?? shortId(value)) : ""
  return html`<div class="file">
    ${value
      ? html`<span class="file-name" title=${name}>${name}</span>
          <button class="btn small ghost" type="button" @click=${() => c.onEdit({ pick: null })}>${c.t("card.file.remove")}</button>`
      : html`<span class="muted">${c.uploading ? c.t("card.file.uploading") : c.t("card.file.none")}</span>`}
    ${c.onFile
      ? html`<label class="btn small file-pick">
          ${value ? c.t("card.file.replace") : c.t("card.file.choose")}
          <input
            id=${id}
            data-input
            class="visually-hidden"
            type="file"
            name=${f.key}
            aria-describedby=${errorId ?? nothing}
            ?disabled=${!!c.uploading}
            @change=${(e: Event) => c.onFile!(e.target as HTMLInputElement)}
          />
        </label>`
      : nothing}
  </div>`
}

const pinIcon = html`<svg width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5" aria-hidden="true"><path d="M8 14.5s-4.5-4.2-4.5-7.8a4.5 4.5 0 0 1 9 0c0 3.6-4.5 7.8-4.5 7.8z"/><circle cx="8" cy="6.6" r="1.6"/></svg>`

/** Styles of the inputs {@link renderFieldInput} renders (add to the element's styles). */
export const fieldInputStyles = css`
  .area {
    height: auto;
    min-height: var(--_control-h);
    padding: 5px 8px;
    resize: vertical;
    field-sizing: content;
    max-height: 200px;
    line-height: 18px;
    font: inherit;
  }
  .mono {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
    font-size: 12px;
    text-transform: uppercase;
  }
  .num {
    font-variant-numeric: tabular-nums;
  }
  .affix {
    display: flex;
    align-items: stretch;
  }
  .affix .input {
    border-top-right-radius: 0;
    border-bottom-right-radius: 0;
  }
  .suffix {
    display: inline-flex;
    align-items: center;
    padding: 0 8px;
    border: 1px solid var(--_border-strong);
    border-left: 0;
    border-radius: 0 var(--_radius) var(--_radius) 0;
    background: var(--_surface);
    color: var(--_muted);
    font-size: 12px;
  }
  .address-row {
    display: flex;
    gap: 4px;
  }
  .pin {
    flex: none;
    width: var(--_control-h);
    height: var(--_control-h);
    padding: 0;
  }
  .pin[aria-expanded="true"] {
    color: var(--_primary);
  }
  .coords {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 4px;
    margin-top: 4px;
    max-width: 320px;
  }
  .file {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    min-height: var(--_control-h);
  }
  .file-name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    max-width: 100%;
  }
  .file-pick:focus-within {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .btn.small {
    height: 26px;
    padding: 0 9px;
    font-size: 12px;
  }
  select.input {
    padding-right: 4px;
  }
`

import { css, html, nothing, type PropertyDeclarations, type TemplateResult } from "lit"
import { keyed } from "lit/directives/keyed.js"
import type { ApiClient } from "../api/client.js"
import { ApiError } from "../api/errors.js"
import {
  createExtension,
  deleteExtension,
  getExtension,
  listAllSipAccounts,
  listExtensions,
  updateExtension,
  type Extension,
  type ExtensionInput,
  type SipAccount,
} from "../api/telephony.js"
import { renderDataTable } from "../lib/data-table.js"
import { define } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, dataLists, notes, surfaces, tokens } from "../lib/styles.js"
import { accountName, MAX_MEMBERS } from "../lib/telephony-accounts-form.js"
import type { OrgTelephonyMembers } from "./org-telephony-members.js"
import "./org-telephony-members.js"
import { TelephonyPanel } from "../lib/telephony-panel.js"
import { telephonyStyles } from "../lib/telephony-styles.js"

const FIELDS = ["number", "name", "members"] as const
type Field = (typeof FIELDS)[number]
const COLUMNS = 4
const NUMBER = /^[0-9]{1,20}$/
/** The create form's starting selection (one array, so re-renders do not reset the picks). */
const NO_MEMBERS: readonly string[] = []

/**
 * `<org-telephony-extensions>`: the tenant's short numbers — a number ("100") with a name that
 * rings its member SIP accounts at once. Create one (number, name, members picked from the
 * accounts), find by number, name or member, change it in a panel under its row, delete it after
 * confirming. Numbers whose members are all blocked are marked: nobody would answer. Admins only.
 *
 * @attr token, base-url, time-zone - used when no provider is above the element
 * @csspart form, input, field-error, submit, members, search, table, row, member, nobody, edit,
 *   delete, confirm, confirm-yes, confirm-cancel, edit-row, edit-form, save, cancel, empty,
 *   loading, error
 */
export class OrgTelephonyExtensions extends TelephonyPanel<Extension, Field, Field> {
  static override properties: PropertyDeclarations = {
    _accounts: { state: true },
    _accountsError: { state: true },
    _q: { state: true },
  }

  /** The SIP accounts to pick members from (and to name them by). */
  declare _accounts: SipAccount[]
  declare _accountsError: ErrorText | null
  declare _q: string

  constructor() {
    super()
    this._accounts = []
    this._accountsError = null
    this._q = ""
  }

  protected override async fetchItems(client: ApiClient): Promise<Extension[]> {
    const [items] = await Promise.all([listExtensions(client, { lang: this.locale }), this.#loadAccounts(client)])
    return items
  }

  /** Accounts load beside the numbers; without them members show as ids and cannot be picked. */
  async #loadAccounts(client: ApiClient): Promise<void> {
    try {
      this._accounts = await listAllSipAccounts(client, { lang: this.locale })
      this._accountsError = null
    } catch (error) {
      this._accountsError = describeError(error, (k) => this.t(k))
    }
  }

  get #shown(): Extension[] {
    const q = this._q.trim().toLowerCase()
    if (!q) return this._items
    const byId = new Map(this._accounts.map((a) => [a.id, a]))
    return this._items.filter(
      (e) =>
        e.number.includes(q) ||
        (e.name ?? "").toLowerCase().includes(q) ||
        e.members.some((id) => {
          const a = byId.get(id)
          return !!a && (a.username.toLowerCase().includes(q) || (a.comment ?? "").toLowerCase().includes(q))
        }),
    )
  }

  /** Reads and checks a form; the errors go where `put` puts them. */
  #read(form: HTMLFormElement, put: (errors: Partial<Record<Field, string>>) => void): ExtensionInput | null {
    const data = new FormData(form)
    const number = String(data.get("number") ?? "").trim()
    const name = String(data.get("name") ?? "").trim()
    const members = form.querySelector<OrgTelephonyMembers>("org-telephony-members")?.value ?? []
    const errors: Partial<Record<Field, string>> = {}
    if (!number) errors.number = this.t("common.required")
    else if (!NUMBER.test(number)) errors.number = this.t("ext.number.invalid")
    if (!members.length) errors.members = this.t("ext.members.required")
    else if (members.length > MAX_MEMBERS) errors.members = this.t("ext.members.tooMany", { max: MAX_MEMBERS })
    put(errors)
    return Object.keys(errors).length ? null : { number, name: name || null, members }
  }

  #sorted(items: Extension[]): Extension[] {
    // By number as the server lists them (text order: "100" < "20").
    return [...items].sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0))
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    if (this._submitting) return
    const form = event.currentTarget as HTMLFormElement
    this._formError = null
    const input = this.#read(form, (errors) => (this._fieldErrors = errors))
    if (!input) return this.focusFirstInvalid(FIELDS)
    this._submitting = true
    try {
      const created = await createExtension(this.client, input, { lang: this.locale })
      form.reset()
      const picker = form.querySelector<OrgTelephonyMembers>("org-telephony-members")
      if (picker) picker.value = []
      this._items = this.#sorted([...this._items.filter((e) => e.id !== created.id), created])
      this._loadState = "ready"
      this._announcement = this.t("ext.created", { number: created.number })
      this.renderRoot.querySelector<HTMLInputElement>("input[name=number]")?.focus()
    } catch (error) {
      this.showFormError(error, FIELDS)
      await this.focusFirstInvalid(FIELDS)
    } finally {
      this._submitting = false
    }
  }

  async #save(event: SubmitEvent, ext: Extension): Promise<void> {
    event.preventDefault()
    if (this._editSaving) return
    this._editError = null
    const input = this.#read(event.currentTarget as HTMLFormElement, (errors) => (this._editErrors = errors))
    if (!input) return this.focusFirstEditInvalid(".edit-form", FIELDS)
    this._editSaving = true
    try {
      const saved = await updateExtension(this.client, ext.id, input, ext.version, { lang: this.locale })
      this._items = this.#sorted(this._items.map((e) => (e.id === saved.id ? saved : e)))
      this._announcement = this.t("ext.saved", { number: saved.number })
      await this.closeEdit(ext.id)
    } catch (error) {
      this.showEditError(error, FIELDS)
      if (error instanceof ApiError && error.code === "stale_version") {
        const fresh = await getExtension(this.client, ext.id, { lang: this.locale }).catch(() => ext)
        this._items = this._items.map((e) => (e.id === fresh.id ? fresh : e))
      }
      await this.focusFirstEditInvalid(".edit-form", FIELDS)
    } finally {
      this._editSaving = false
    }
  }

  async #delete(ext: Extension): Promise<void> {
    const ok = await this.act(ext.id, "delete", async () => {
      await deleteExtension(this.client, ext.id, { lang: this.locale })
      this._items = this._items.filter((e) => e.id !== ext.id)
      if (this._editing === ext.id) this._editing = null
      return this.t("ext.deleted", { number: ext.number })
    })
    await this.updateComplete
    if (ok) this.renderRoot.querySelector<HTMLElement>("input[name=number]")?.focus()
    else await this.focusAction(ext.id, "delete")
  }

  // --- render ---------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    return html`${this.#renderForm()} ${this.#renderList()}
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>`
  }

  /** Number, name and members: the fields of the create form and of the edit panel. */
  #fields(prefix: string, errors: Partial<Record<Field, string>>, clear: (f: Field) => void, ext?: Extension): TemplateResult {
    const t = this.t.bind(this)
    const input = (name: "number" | "name", label: string, attrs: { placeholder: string; maxlength: number; numeric?: boolean; value: string }) => {
      const id = `${prefix}-${name}`
      const error = errors[name]
      return html`<div class="field">
        <label class="label" for=${id}>${label}</label>
        <input
          id=${id}
          class="input ${name === "number" ? "mono" : ""}"
          part="input"
          name=${name}
          autocomplete="off"
          spellcheck="false"
          inputmode=${attrs.numeric ? "numeric" : nothing}
          maxlength=${attrs.maxlength}
          placeholder=${attrs.placeholder}
          value=${attrs.value}
          aria-required=${name === "number" ? "true" : "false"}
          aria-invalid=${error ? "true" : "false"}
          aria-describedby=${error ? `${id}-error` : name === "number" ? `${id}-hint` : nothing}
          @input=${() => clear(name)}
        />
        ${error
          ? html`<span id=${`${id}-error`} class="field-error" part="field-error">${error}</span>`
          : name === "number"
            ? html`<span id=${`${id}-hint`} class="hint">${t("ext.number.hint")}</span>`
            : nothing}
      </div>`
    }
    return html`<div class="ext-grid">
      ${input("number", t("ext.field.number"), { placeholder: t("ext.number.placeholder"), maxlength: 20, numeric: true, value: ext?.number ?? "" })}
      ${input("name", t("ext.field.name"), { placeholder: t("ext.name.placeholder"), maxlength: 200, value: ext?.name ?? "" })}
      <div class="members-field">
        ${this._accountsError
          ? html`<div class="alert" role="alert"><p>${t("ext.members.loadError")}</p><p>${this._accountsError.message}</p></div>`
          : html`<org-telephony-members
              part="members"
              name="members"
              lang=${this.locale}
              label=${t("ext.field.members")}
              error=${errors.members ?? ""}
              .accounts=${this._accounts}
              .initial=${ext ? ext.members : NO_MEMBERS}
              @change=${() => clear("members")}
            ></org-telephony-members>`}
      </div>
    </div>`
  }

  #renderForm(): TemplateResult {
    const t = this.t.bind(this)
    return html`<section class="card" aria-labelledby="create-heading">
      <div class="card-head">
        <h2 id="create-heading" class="card-title">${t("ext.create.heading")}</h2>
        <p class="card-sub">${t("ext.create.sub")}</p>
      </div>
      <div class="card-body">
        <form part="form" novalidate @submit=${this.#submit}>
          ${this.#fields("f", this._fieldErrors, (f) => this.clearFieldError(f))} ${this.renderFormFooter("ext.submit", "ext.submitting")}
        </form>
      </div>
    </section>`
  }

  #renderList(): TemplateResult {
    const t = this.t.bind(this)
    const shown = this.#shown
    return html`<section class="card" aria-labelledby="list-heading">
      <div class="card-head">
        <h2 id="list-heading" class="card-title">${t("ext.list.heading")}</h2>
        ${this._items.length ? html`<p class="card-sub">${t("ext.list.count", { count: this._items.length })}</p>` : nothing}
      </div>
      ${this._items.length
        ? html`<div class="toolbar" role="search" aria-label=${t("ext.search.label")}>
            ${this.renderSearch("q", "ext.search.label", "ext.search.placeholder", this._q, (v) => (this._q = v))}
          </div>`
        : nothing}
      ${this._editing ? nothing : this.renderActionError()}
      ${this.renderListState("ext.empty") ??
      (shown.length
        ? renderDataTable(
            [{ label: t("ext.col.number") }, { label: t("ext.col.name") }, { label: t("ext.col.members") }, { label: t("ext.col.actions"), hidden: true }],
            shown.map((e) => this.#renderRow(e)),
          )
        : html`<div class="state-line" part="empty">${t("tel.nothingFound")}</div>`)}
    </section>`
  }

  #renderMembers(ext: Extension): TemplateResult {
    const t = this.t.bind(this)
    const byId = new Map(this._accounts.map((a) => [a.id, a]))
    const known = ext.members.map((id) => byId.get(id))
    const nobody = !this._accountsError && known.every((a) => !a || a.blocked)
    return html`<span class="tags members">
      ${ext.members.map((id, i) => {
        const a = known[i]
        if (!a) {
          return html`<span class="tag" part="member" data-tone="danger" data-unknown>${this._accountsError ? id.slice(0, 8) : t("ext.members.unknown")}</span>`
        }
        return html`<span class="tag member" part="member" data-id=${id} ?data-blocked=${a.blocked} data-tone=${a.blocked ? "danger" : "info"} title=${a.uri}>
          ${accountName(a)}${a.blocked ? html`<span class="visually-hidden">(${t("tel.state.blocked")})</span>` : nothing}
        </span>`
      })}
      ${nobody ? html`<span class="tag" part="nobody" data-tone="warning" title=${t("ext.nobody.title")}>${t("ext.nobody")}</span>` : nothing}
    </span>`
  }

  #renderRow(ext: Extension): TemplateResult {
    const t = this.t.bind(this)
    const editing = this._editing === ext.id
    return html`<tr part="row" data-id=${ext.id} data-number=${ext.number} ?data-editing=${editing}>
        <td class="primary number" data-label=${t("ext.col.number")}>${ext.number}</td>
        <td data-label=${t("ext.col.name")}>${ext.name ?? html`<span class="muted">${t("tel.none")}</span>`}</td>
        <td data-label=${t("ext.col.members")}>${this.#renderMembers(ext)}</td>
        <td class="actions">
          <span class="row-actions">
            <button class="btn small" part="edit" type="button" data-action="edit" data-id=${ext.id}
              aria-label=${t("ext.editLabel", { number: ext.number })} aria-expanded=${editing ? "true" : "false"}
              aria-controls=${editing ? `edit-${ext.id}` : nothing} @click=${() => this.toggleEdit(ext.id)}>
              ${t("tel.edit")}
            </button>
            <button class="btn small danger" part="delete" type="button" data-action="delete" data-id=${ext.id}
              aria-label=${t("ext.deleteLabel", { number: ext.number })} aria-expanded=${this.isConfirming(ext.id, "delete") ? "true" : "false"}
              ?disabled=${this.isBusy(ext.id)} @click=${() => this.askConfirm(ext.id, "delete")}>
              ${this.isBusy(ext.id, "delete") ? t("tel.working") : t("tel.delete")}
            </button>
          </span>
        </td>
      </tr>
      ${this.renderConfirmRowFor(ext.id, "delete", COLUMNS, t("ext.confirmDelete", { number: ext.number }), t("tel.confirmDelete"), () => this.#delete(ext))}
      ${editing
        ? html`<tr class="edit-row" part="edit-row">
            <td colspan=${COLUMNS}>
              ${keyed(
                ext.id,
                html`<form
                  id=${`edit-${ext.id}`}
                  class="edit-form"
                  part="edit-form"
                  novalidate
                  aria-labelledby="edit-title"
                  @submit=${(e: SubmitEvent) => this.#save(e, ext)}
                  @keydown=${(e: KeyboardEvent) => {
                    if (e.key === "Escape") void this.closeEdit(ext.id)
                  }}
                >
                  <h3 id="edit-title" class="edit-title">${t("ext.edit.heading", { number: ext.number })}</h3>
                  ${this.#fields("e", this._editErrors, (f) => this.clearEditError(f), ext)} ${this.renderEditError()}
                  <div class="form-actions">
                    <button class="btn primary" part="save" type="submit" ?disabled=${this._editSaving}>
                      ${this._editSaving ? t("tel.saving") : t("tel.save")}
                    </button>
                    <button class="btn" part="cancel" type="button" @click=${() => this.closeEdit(ext.id)}>${t("common.cancel")}</button>
                  </div>
                </form>`,
              )}
            </td>
          </tr>`
        : nothing}`
  }

  static override styles = [
    tokens,
    controls,
    notes,
    surfaces,
    dataLists,
    telephonyStyles,
    css`
      .ext-grid {
        display: grid;
        grid-template-columns: minmax(0, 160px) minmax(0, 260px) minmax(0, 1fr);
        gap: 12px 16px;
        align-items: start;
      }
      td.number {
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
        font-size: 14px;
        font-weight: 600;
      }
      .members {
        max-width: 560px;
      }
      .members .tag {
        max-width: 100%;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .tag.member[data-blocked] {
        text-decoration: line-through;
      }
      @container (max-width: 760px) {
        .ext-grid {
          grid-template-columns: minmax(0, 1fr) minmax(0, 2fr);
        }
        .members-field {
          grid-column: 1 / -1;
        }
      }
      @container (max-width: 600px) {
        .members {
          max-width: none;
        }
      }
      @container (max-width: 420px) {
        .ext-grid {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ]
}

define("org-telephony-extensions", OrgTelephonyExtensions)

declare global {
  interface HTMLElementTagNameMap {
    "org-telephony-extensions": OrgTelephonyExtensions
  }
}

import { css, html, nothing, type TemplateResult } from "lit"
import { ApiError } from "../api/errors.js"
import type { GroupListItemDto } from "../api/types.js"
import { GroupCreatedEvent } from "../events.js"
import { ApiController } from "../lib/api-controller.js"
import { renderDataTable } from "../lib/data-table.js"
import { fieldErrorsOf } from "../lib/form.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, notes, surfaces, tokens } from "../lib/styles.js"

/**
 * `<org-admin-groups>`: the tenant's operator groups with their member counts and — unless
 * `readonly` — a form that creates one (`POST /api/v1/auth/groups`; a name that exists comes
 * back as 409 and is shown at the field). The list is given by the owner (`<org-admin-users>`
 * loads it); a created group is announced with `org-group-created`.
 *
 * @attr readonly - no create form (a supervisor's view)
 * @attr token, base-url - used when no provider is above the element
 * @prop groups - the groups to list
 * @prop loadState - "loading" | "ready" | "error"; loadError - what went wrong
 * @fires org-group-created
 * @csspart table, group-row, members, group-form, input, field-error, submit, error, empty, loading
 */
export class OrgAdminGroups extends OrgElement {
  static override properties = {
    groups: { attribute: false },
    loadState: { attribute: false },
    loadError: { attribute: false },
    readonly: { type: Boolean, reflect: true },
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    _name: { state: true },
    _submitting: { state: true },
    _nameError: { state: true },
    _formError: { state: true },
    _announcement: { state: true },
  }

  declare groups: readonly GroupListItemDto[]
  declare loadState: "loading" | "ready" | "error"
  declare loadError: ErrorText | null
  declare readonly: boolean
  declare token: string | undefined
  declare baseUrl: string | undefined
  declare _name: string
  declare _submitting: boolean
  declare _nameError: string | undefined
  declare _formError: ErrorText | null
  declare _announcement: string

  readonly #api = new ApiController(this)

  constructor() {
    super()
    this.groups = []
    this.loadState = "loading"
    this.loadError = null
    this.readonly = false
    this._name = ""
    this._submitting = false
    this._nameError = undefined
    this._formError = null
    this._announcement = ""
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    if (this._submitting) return
    const name = this._name.trim()
    this._formError = null
    this._nameError = name ? undefined : this.t("common.required")
    if (!name) return this.#focusName()
    this._submitting = true
    try {
      const created = await this.#api.client.createGroup({ name }, { lang: this.locale })
      this._name = ""
      this._announcement = this.t("groups.created", { name: created.name })
      this.dispatchEvent(new GroupCreatedEvent({ id: created.id, name: created.name, members: created.members ?? 0 }))
    } catch (error) {
      const { byField, other } = fieldErrorsOf(error, ["name"] as const)
      this._nameError = byField.name
      if (other.length && error instanceof ApiError) this._formError = { message: error.title, detail: other.join(" ") }
      else if (!byField.name) this._formError = describeError(error, (k) => this.t(k))
      if (byField.name) await this.#focusName()
    } finally {
      this._submitting = false
    }
  }

  async #focusName(): Promise<void> {
    await this.updateComplete
    this.renderRoot.querySelector<HTMLInputElement>("#group-name")?.focus()
  }

  protected override render(): TemplateResult {
    const t = this.t.bind(this)
    return html`<section class="card" aria-labelledby="groups-heading">
        <div class="card-head">
          <h2 id="groups-heading" class="card-title">${t("groups.heading")}</h2>
          ${this.groups.length ? html`<p class="card-sub">${t("groups.sub", { count: this.groups.length })}</p>` : nothing}
        </div>
        ${this.readonly ? nothing : this.#renderForm()} ${this.#renderList()}
      </section>
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>`
  }

  #renderForm(): TemplateResult {
    const t = this.t.bind(this)
    const error = this._nameError
    return html`<form class="card-body group-form" part="group-form" novalidate @submit=${this.#submit}>
      <div class="field">
        <label class="label" for="group-name">${t("groups.name")}</label>
        <div class="inline">
          <input
            id="group-name"
            class="input"
            part="input"
            name="name"
            maxlength="200"
            autocomplete="off"
            spellcheck="false"
            placeholder=${t("groups.name.placeholder")}
            aria-required="true"
            aria-invalid=${error ? "true" : "false"}
            aria-describedby=${error ? "group-name-error" : nothing}
            .value=${this._name}
            @input=${(e: Event) => {
              this._name = (e.target as HTMLInputElement).value
              this._nameError = undefined
            }}
          />
          <button class="btn primary" part="submit" type="submit" ?disabled=${this._submitting}>
            ${this._submitting ? t("groups.submitting") : t("groups.submit")}
          </button>
        </div>
        ${error ? html`<span id="group-name-error" class="field-error" part="field-error">${error}</span>` : nothing}
      </div>
      ${this._formError
        ? html`<div class="alert form-alert" role="alert" part="error">
            <p>${this._formError.message}</p>
            ${this._formError.detail ? html`<p>${this._formError.detail}</p>` : nothing}
          </div>`
        : nothing}
    </form>`
  }

  #renderList(): TemplateResult {
    const t = this.t.bind(this)
    if (this.loadState === "loading" && !this.groups.length) {
      return html`<div class="state-line" part="loading" aria-busy="true">${t("app.loading")}</div>`
    }
    if (this.loadState === "error" && !this.groups.length) {
      return html`<div class="alert inline-alert" role="alert" part="error">
        <p>${t("common.loadError")}</p>
        ${this.loadError ? html`<p>${this.loadError.message}</p>` : nothing}
      </div>`
    }
    if (!this.groups.length) return html`<div class="state-line" part="empty">${t("groups.empty")}</div>`
    return renderDataTable(
      [{ label: t("groups.col.name") }, { label: t("groups.col.members"), class: "num" }],
      this.groups.map(
        (g) => html`<tr part="group-row" data-id=${g.id} data-name=${g.name}>
          <td class="primary" data-label=${t("groups.col.name")}>${g.name}</td>
          <td class="num nowrap" part="members" data-label=${t("groups.col.members")}>${g.members}</td>
        </tr>`,
      ),
    )
  }

  static override styles = [
    tokens,
    controls,
    notes,
    surfaces,
    // Not the stacked rows of the other admin lists: two columns fit any width.
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
      .inline-alert {
        margin: 12px 14px;
      }
      .form-alert {
        margin-top: 12px;
      }
      .group-form {
        border-bottom: 1px solid var(--_border);
      }
      .inline {
        display: flex;
        gap: 8px;
        max-width: 480px;
      }
      .inline .input {
        flex: 1;
        min-width: 0;
      }
      table.data th.num,
      table.data td.num {
        width: 1%;
        text-align: right;
      }
      @container (max-width: 360px) {
        .inline {
          flex-direction: column;
        }
      }
    `,
  ]
}

define("org-admin-groups", OrgAdminGroups)

declare global {
  interface HTMLElementTagNameMap {
    "org-admin-groups": OrgAdminGroups
  }
}

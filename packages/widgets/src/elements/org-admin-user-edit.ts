import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit"
import { ApiError } from "../api/errors.js"
import { ROLES, type GroupListItemDto, type UpdateUserInput, type UserListItemDto } from "../api/types.js"
import { EditCancelEvent, UserUpdatedEvent } from "../events.js"
import { ApiController } from "../lib/api-controller.js"
import { checkOptions, fieldErrorsOf, roleChecks } from "../lib/form.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, notes, surfaces, tokens } from "../lib/styles.js"

const FIELDS = ["name", "roles", "groupIds", "disabled"] as const
type Field = (typeof FIELDS)[number]

/**
 * `<org-admin-user-edit>`: the form that changes one user (admin): name, roles, groups and the
 * "disabled" flag. Saves with `PATCH /api/v1/auth/users/:id` (only what changed) and fires
 * `org-user-updated`; Cancel or Escape fire `org-edit-cancel`. With `self` (the admin's own
 * account) the admin role and the "disabled" switch are locked, with a note saying why; a 400
 * of the server is still shown at its control.
 *
 * @attr self - the user being edited is the signed-in one
 * @attr token, base-url - used when no provider is above the element
 * @prop user - the user (an item of `GET /api/v1/auth/users`)
 * @prop groups - the tenant's groups to choose from
 * @fires org-user-updated, org-edit-cancel
 * @csspart form, input, role, group, disabled-toggle, field-error, self-note, save, cancel, error
 */
export class OrgAdminUserEdit extends OrgElement {
  static override properties = {
    user: { attribute: false },
    groups: { attribute: false },
    self: { type: Boolean },
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    _name: { state: true },
    _roles: { state: true },
    _groupIds: { state: true },
    _disabled: { state: true },
    _saving: { state: true },
    _fieldErrors: { state: true },
    _formError: { state: true },
  }

  declare user: UserListItemDto | undefined
  declare groups: readonly GroupListItemDto[]
  declare self: boolean
  declare token: string | undefined
  declare baseUrl: string | undefined
  declare _name: string
  declare _roles: readonly string[]
  declare _groupIds: readonly string[]
  declare _disabled: boolean
  declare _saving: boolean
  declare _fieldErrors: Partial<Record<Field, string>>
  declare _formError: ErrorText | null

  readonly #api = new ApiController(this)
  #draftOf: string | undefined

  constructor() {
    super()
    this.user = undefined
    this.groups = []
    this.self = false
    this._name = ""
    this._roles = []
    this._groupIds = []
    this._disabled = false
    this._saving = false
    this._fieldErrors = {}
    this._formError = null
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    // A fresh draft for another user; a reloaded copy of the same user keeps the edits.
    if (this.user && this.user.id !== this.#draftOf) {
      this.#draftOf = this.user.id
      this._name = this.user.name
      this._roles = [...this.user.roles]
      this._groupIds = [...this.user.groupIds]
      this._disabled = this.user.disabled
      this._fieldErrors = {}
      this._formError = null
    }
  }

  protected override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>("#e-name")?.focus()
  }

  /** Roles the admin cannot take from himself. */
  get #lockedRoles(): string[] {
    return this.self && this.user?.roles.includes("admin") ? ["admin"] : []
  }

  #clear(field: Field): void {
    if (!this._fieldErrors[field] && !this._formError) return
    const next = { ...this._fieldErrors }
    delete next[field]
    this._fieldErrors = next
    this._formError = null
  }

  #toggle(list: readonly string[], value: string, on: boolean): string[] {
    const rest = list.filter((v) => v !== value)
    return on ? [...rest, value] : rest
  }

  /** Only what differs from the user as loaded. */
  #changes(user: UserListItemDto, name: string): UpdateUserInput {
    const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v) => b.includes(v))
    const roles = [...ROLES.filter((r) => this._roles.includes(r)), ...this._roles.filter((r) => !(ROLES as readonly string[]).includes(r))]
    return {
      ...(name !== user.name ? { name } : {}),
      ...(!sameSet(roles, user.roles) ? { roles } : {}),
      ...(!sameSet(this._groupIds, user.groupIds) ? { groupIds: [...this._groupIds] } : {}),
      ...(this._disabled !== user.disabled ? { disabled: this._disabled } : {}),
    }
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    const user = this.user
    if (this._saving || !user) return
    const name = this._name.trim()
    const errors: Partial<Record<Field, string>> = {}
    if (!name) errors.name = this.t("common.required")
    if (!this._roles.length) errors.roles = this.t("admin.rolesRequired")
    this._fieldErrors = errors
    this._formError = null
    if (Object.keys(errors).length) return this.#focusFirstInvalid()
    const changes = this.#changes(user, name)
    if (!Object.keys(changes).length) {
      this.dispatchEvent(new EditCancelEvent(user.id))
      return
    }
    this._saving = true
    try {
      await this.#api.client.updateUser(user.id, changes, { lang: this.locale })
      this.dispatchEvent(
        new UserUpdatedEvent({
          ...user,
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.roles ? { roles: [...changes.roles] } : {}),
          ...(changes.groupIds ? { groupIds: [...changes.groupIds] } : {}),
          ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
        }),
      )
    } catch (error) {
      const { byField, other } = fieldErrorsOf(error, FIELDS)
      this._fieldErrors = byField
      if (other.length && error instanceof ApiError) this._formError = { message: error.title, detail: other.join(" ") }
      else if (!Object.keys(byField).length) this._formError = describeError(error, (k) => this.t(k))
      await this.#focusFirstInvalid()
    } finally {
      this._saving = false
    }
  }

  async #focusFirstInvalid(): Promise<void> {
    await this.updateComplete
    const field = FIELDS.find((f) => this._fieldErrors[f])
    if (!field) {
      this.renderRoot.querySelector<HTMLElement>("[part=error]")?.focus()
      return
    }
    this.renderRoot.querySelector<HTMLInputElement>(`[name="${field}"]:not(:disabled)`)?.focus()
  }

  #cancel(): void {
    if (this.user) this.dispatchEvent(new EditCancelEvent(this.user.id))
  }

  #onKeydown(event: KeyboardEvent): void {
    if (event.key !== "Escape") return
    event.preventDefault()
    this.#cancel()
  }

  protected override render(): TemplateResult | typeof nothing {
    const user = this.user
    if (!user) return nothing
    const t = this.t.bind(this)
    const self = this.self
    const nameError = this._fieldErrors.name
    const disabledError = this._fieldErrors.disabled
    const groupIds = new Set(this.groups.map((g) => g.id))
    // Groups the user is in but the list does not (yet) know stay ticked under their id.
    const items = [
      ...this.groups.map((g) => ({ value: g.id, label: g.name })),
      ...user.groupIds.filter((id) => !groupIds.has(id)).map((id) => ({ value: id, label: id.slice(0, 8) })),
    ]
    return html`<form part="form" novalidate aria-labelledby="edit-title" @submit=${this.#submit} @keydown=${this.#onKeydown}>
      <h3 id="edit-title" class="edit-title">${t("users.edit.heading", { login: user.login })}</h3>
      ${self ? html`<p id="self-note" class="alert info self-note" part="self-note">${t("users.edit.self")}</p>` : nothing}
      <div class="edit-grid">
        <div class="field">
          <label class="label" for="e-name">${t("field.name")}</label>
          <input
            id="e-name"
            class="input"
            part="input"
            name="name"
            maxlength="200"
            autocomplete="off"
            spellcheck="false"
            aria-required="true"
            aria-invalid=${nameError ? "true" : "false"}
            aria-describedby=${nameError ? "e-name-error" : nothing}
            .value=${this._name}
            @input=${(e: Event) => {
              this._name = (e.target as HTMLInputElement).value
              this.#clear("name")
            }}
          />
          ${nameError ? html`<span id="e-name-error" class="field-error" part="field-error">${nameError}</span>` : nothing}
        </div>
        <div class="field switch-field">
          <label class="switch" ?data-locked=${self}>
            <input
              type="checkbox"
              role="switch"
              name="disabled"
              part="disabled-toggle"
              .checked=${this._disabled}
              ?disabled=${self}
              aria-invalid=${disabledError ? "true" : "false"}
              aria-describedby=${[disabledError ? "e-disabled-error" : "", "e-disabled-hint", self ? "self-note" : ""].filter(Boolean).join(" ")}
              @change=${(e: Event) => {
                this._disabled = (e.target as HTMLInputElement).checked
                this.#clear("disabled")
              }}
            />
            <span class="track" aria-hidden="true"></span>
            <span>${t("users.edit.disabled")}</span>
          </label>
          <span id="e-disabled-hint" class="hint">${t("users.edit.disabledHint")}</span>
          ${disabledError ? html`<span id="e-disabled-error" class="field-error" part="field-error">${disabledError}</span>` : nothing}
        </div>
        <div class="field-wide">
          ${roleChecks(t, {
            name: "roles",
            idPrefix: "e",
            error: this._fieldErrors.roles,
            checked: this._roles,
            locked: this.#lockedRoles,
            lockedHint: "self-note",
            onChange: (role, on) => {
              this._roles = this.#toggle(this._roles, role, on)
              this.#clear("roles")
            },
          })}
        </div>
        <div class="field-wide">
          ${items.length
            ? checkOptions({
                legend: t("users.edit.groups"),
                name: "groupIds",
                idPrefix: "e",
                items,
                part: "group",
                error: this._fieldErrors.groupIds,
                checked: this._groupIds,
                onChange: (id, on) => {
                  this._groupIds = this.#toggle(this._groupIds, id, on)
                  this.#clear("groupIds")
                },
              })
            : html`<div class="label">${t("users.edit.groups")}</div>
                <p class="muted no-groups">${t("users.edit.noGroups")}</p>
                ${this._fieldErrors.groupIds
                  ? html`<span id="e-groupIds-error" class="field-error" part="field-error">${this._fieldErrors.groupIds}</span>`
                  : nothing}`}
        </div>
      </div>
      ${this._formError
        ? html`<div class="alert form-alert" role="alert" part="error" tabindex="-1">
            <p>${this._formError.message}</p>
            ${this._formError.detail ? html`<p>${this._formError.detail}</p>` : nothing}
          </div>`
        : nothing}
      <div class="form-actions">
        <button class="btn primary" part="save" type="submit" ?disabled=${this._saving}>
          ${this._saving ? t("users.edit.saving") : t("users.edit.save")}
        </button>
        <button class="btn" part="cancel" type="button" @click=${this.#cancel}>${t("common.cancel")}</button>
      </div>
    </form>`
  }

  static override styles = [
    tokens,
    controls,
    notes,
    surfaces,
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
      form {
        display: grid;
        gap: 12px;
      }
      .edit-title {
        margin: 0;
        font-size: 13px;
        font-weight: 600;
      }
      .self-note {
        margin: 0;
        font-size: 12px;
      }
      .edit-grid {
        display: grid;
        grid-template-columns: minmax(0, 320px) minmax(0, 1fr);
        gap: 12px 20px;
        align-items: start;
      }
      .field-wide {
        grid-column: 1 / -1;
      }
      .form-actions {
        margin-top: 0;
      }
      .form-alert {
        margin: 0;
      }
      .form-alert:focus {
        outline: none;
      }
      .no-groups {
        margin: 0;
        font-size: 12px;
      }
      .hint {
        display: block;
        margin-top: 3px;
        font-size: 12px;
        color: var(--_muted);
      }
      .switch-field {
        padding-top: 19px;
      }
      .switch {
        display: inline-flex;
        align-items: center;
        gap: 8px;
        min-height: var(--_control-h);
        cursor: pointer;
        user-select: none;
        font-weight: 500;
      }
      .switch[data-locked] {
        cursor: default;
        color: var(--_muted);
      }
      /* The checkbox stays the control (focus, keyboard, forms); the track only draws it. */
      .switch input {
        position: absolute;
        opacity: 0;
        width: 34px;
        height: 20px;
        margin: 0;
      }
      .track {
        position: relative;
        flex: none;
        width: 34px;
        height: 20px;
        border-radius: 999px;
        background: var(--_border-strong);
        transition: background-color 0.12s;
      }
      .track::after {
        content: "";
        position: absolute;
        top: 2px;
        left: 2px;
        width: 16px;
        height: 16px;
        border-radius: 50%;
        background: var(--_bg);
        box-shadow: 0 1px 2px rgb(15 23 42 / 0.25);
        transition: transform 0.12s;
      }
      .switch input:checked + .track {
        background: var(--_danger);
      }
      .switch input:checked + .track::after {
        transform: translateX(14px);
      }
      .switch input:focus-visible + .track {
        outline: 2px solid var(--_focus);
        outline-offset: 2px;
      }
      .switch input:disabled + .track {
        opacity: 0.5;
      }
      .switch input[aria-invalid="true"] + .track {
        box-shadow: 0 0 0 2px var(--_danger);
      }
      .role-option[data-locked] {
        cursor: default;
        opacity: 0.7;
      }
      @container (max-width: 520px) {
        .edit-grid {
          grid-template-columns: minmax(0, 1fr);
        }
        .switch-field {
          padding-top: 0;
        }
      }
    `,
  ]
}

define("org-admin-user-edit", OrgAdminUserEdit)

declare global {
  interface HTMLElementTagNameMap {
    "org-admin-user-edit": OrgAdminUserEdit
  }
}

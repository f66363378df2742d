import { css, html, nothing, type PropertyDeclarations, type TemplateResult } from "lit"
import type { ApiClient } from "../api/client.js"
import type { InvitationDto } from "../api/types.js"
import type { MessageKey } from "../i18n/i18n.js"
import { AdminPanel } from "../lib/admin-panel.js"
import { renderDataTable } from "../lib/data-table.js"
import { roleChecks, roleLabel } from "../lib/form.js"
import { define } from "../lib/org-element.js"
import { controls, dataLists, notes, surfaces, tokens } from "../lib/styles.js"
import "./org-copy-field.js"

const FIELDS = ["login", "name", "email", "roles"] as const
type Field = (typeof FIELDS)[number]

const STATE_TONE: Record<string, string> = { pending: "info", accepted: "success", revoked: "danger", expired: "warning" }

/**
 * `<org-admin-invitations>`: invite a person (login, name, e-mail, roles) and get the one-time
 * link to send them; the tenant's invitations with their state; revoke pending ones.
 *
 * @attr token, base-url - used when no provider is above the element
 * @csspart form, input, role, field-error, submit, created, link, table, row, state, revoke,
 *   confirm, confirm-revoke, cancel-revoke, empty, error, loading
 */
export class OrgAdminInvitations extends AdminPanel<InvitationDto, Field> {
  static override properties: PropertyDeclarations = {
    _created: { state: true },
  }

  /** The invitation just created: its link is shown once. */
  declare _created: { login: string; link: string } | null

  constructor() {
    super()
    this._created = null
  }

  protected override fetchItems(client: ApiClient): Promise<InvitationDto[]> {
    return client.listInvitations({ lang: this.locale })
  }

  protected override revokeItem(client: ApiClient, item: InvitationDto): Promise<void> {
    return client.revokeInvitation(item.id, { lang: this.locale })
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    if (this._submitting) return
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const login = String(data.get("login") ?? "").trim()
    const name = String(data.get("name") ?? "").trim()
    const email = String(data.get("email") ?? "").trim()
    const roles = data.getAll("roles").map(String)
    this._formError = null
    const errors: Partial<Record<Field, string>> = {}
    if (!login) errors.login = this.t("common.required")
    if (!name) errors.name = this.t("common.required")
    if (!roles.length) errors.roles = this.t("admin.rolesRequired")
    this._fieldErrors = errors
    if (Object.keys(errors).length) return this.focusFirstInvalid(FIELDS)
    this._submitting = true
    try {
      const created = await this.client.createInvitation({ login, name, roles, ...(email ? { email } : {}) }, { lang: this.locale })
      form.reset()
      this._created = { login, link: this.#fullLink(created.link) }
      this._announcement = this.t("invitations.created", { login })
      void this.reload()
      await this.updateComplete
      this.renderRoot.querySelector<HTMLElement>("[part=created]")?.focus()
    } catch (error) {
      this.showFormError(error, FIELDS)
      await this.focusFirstInvalid(FIELDS)
    } finally {
      this._submitting = false
    }
  }

  /**
   * The link to send: the server answers "/invite#<token>", relative to where it is served — the
   * page's origin, or base-url (with its path prefix) when the widget talks to another server.
   */
  #fullLink(link: string): string {
    const base = this.client.baseUrl
    try {
      const root = base ? new URL(`${base}/`, location.href) : new URL("/", location.origin)
      return new URL(link.replace(/^\/+/, ""), root).toString()
    } catch {
      return location.origin + link
    }
  }

  #stateLabel(state: string): string {
    return ["pending", "accepted", "revoked", "expired"].includes(state) ? this.t(`invitations.state.${state}` as MessageKey) : state
  }

  protected override render(): TemplateResult {
    return html`${this.#renderForm()} ${this.#renderList()}
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>`
  }

  #renderForm(): TemplateResult {
    const t = this.t.bind(this)
    const created = this._created
    return html`<section class="card" aria-labelledby="invite-heading">
      <div class="card-head">
        <h2 id="invite-heading" class="card-title">${t("invitations.create.heading")}</h2>
        <p class="card-sub">${t("invitations.create.sub")}</p>
      </div>
      <div class="card-body">
        ${created
          ? html`<div class="alert success created" part="created" tabindex="-1">
              <p><strong>${t("invitations.created", { login: created.login })}</strong></p>
              <p>${t("invitations.linkOnce")}</p>
              <org-copy-field part="link" lang=${this.locale} .value=${created.link} label=${t("invitations.link")}></org-copy-field>
            </div>`
          : nothing}
        <form part="form" novalidate @submit=${this.#submit}>
          <div class="form-grid">
            ${this.textField("login", t("field.login"), { required: true, maxlength: 100 })}
            ${this.textField("name", t("field.name"), { required: true, maxlength: 200, autocomplete: "off" })}
            ${this.textField("email", t("field.email"), { type: "email", placeholder: t("field.email.placeholder") })}
            <div class="field-wide">
              ${roleChecks(t, {
                name: "roles",
                idPrefix: "inv",
                error: this._fieldErrors.roles,
                onChange: () => this.clearFieldError("roles"),
              })}
            </div>
          </div>
          ${this.renderFormFooter("invitations.submit", "invitations.submitting")}
        </form>
      </div>
    </section>`
  }

  #renderList(): TemplateResult {
    const t = this.t.bind(this)
    return html`<section class="card" aria-labelledby="invitations-heading">
      <div class="card-head">
        <h2 id="invitations-heading" class="card-title">${t("invitations.list.heading")}</h2>
      </div>
      ${this.renderActionError()}
      ${this.renderListState("invitations.empty") ??
      renderDataTable(
        [
          { label: t("field.login") },
          { label: t("field.name") },
          { label: t("field.roles") },
          { label: t("invitations.col.state") },
          { label: t("common.colCreated") },
          { label: t("invitations.col.expires") },
          { label: t("admin.revoke"), hidden: true },
        ],
        this._items.map(
          (inv) => html`<tr part="row" data-id=${inv.id} data-login=${inv.login}>
              <td class="mono primary" data-label=${t("field.login")}>${inv.login}</td>
              <td data-label=${t("field.name")}>
                <span class="who">${inv.name}${inv.email ? html`<span class="muted small email">${inv.email}</span>` : nothing}</span>
              </td>
              <td data-label=${t("field.roles")}>
                <span class="tags">${inv.roles.map((r) => html`<span class="tag">${roleLabel(t, r)}</span>`)}</span>
              </td>
              <td data-label=${t("invitations.col.state")}>
                <span class="tag" part="state" data-state=${inv.state} data-tone=${STATE_TONE[inv.state] ?? ""}
                  >${this.#stateLabel(inv.state)}</span
                >
              </td>
              <td class="nowrap" data-label=${t("common.colCreated")}>${this.dateCell(inv.createdAt)}</td>
              <td class="nowrap" data-label=${t("invitations.col.expires")}>${this.dateCell(inv.expiresAt)}</td>
              <td class="actions">
                ${inv.state === "pending"
                  ? this.renderRevokeButton(inv, `${t("admin.revoke")}: ${inv.login}`)
                  : nothing}
              </td>
            </tr>
            ${this.renderConfirmRow(
              inv,
              7,
              t("invitations.confirmRevoke", { login: inv.login }),
              t("invitations.revoked", { login: inv.login }),
            )}`,
        ),
      )}
    </section>`
  }

  static override styles = [
    tokens,
    controls,
    notes,
    surfaces,
    dataLists,
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
      .created {
        display: grid;
        gap: 6px;
        margin-bottom: 14px;
      }
      .created:focus {
        outline: none;
      }
      .created org-copy-field {
        margin-top: 4px;
        color: var(--_text);
      }
      .small {
        font-size: 12px;
      }
      .email {
        display: block;
      }
    `,
  ]
}

define("org-admin-invitations", OrgAdminInvitations)

declare global {
  interface HTMLElementTagNameMap {
    "org-admin-invitations": OrgAdminInvitations
  }
}

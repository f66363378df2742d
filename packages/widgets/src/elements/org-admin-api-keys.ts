import { css, html, nothing, type PropertyDeclarations, type TemplateResult } from "lit"
import type { ApiClient } from "../api/client.js"
import type { ApiKeyDto } from "../api/types.js"
import { AdminPanel } from "../lib/admin-panel.js"
import { renderDataTable } from "../lib/data-table.js"
import { roleChecks, roleLabel } from "../lib/form.js"
import { define } from "../lib/org-element.js"
import { controls, dataLists, notes, surfaces, tokens } from "../lib/styles.js"
import "./org-copy-field.js"

const FIELDS = ["name", "roles"] as const
type Field = (typeof FIELDS)[number]

/**
 * `<org-admin-api-keys>`: create an API key for an integration (name + roles) — the key is shown
 * once —, list the tenant's keys and revoke them.
 *
 * @attr token, base-url - used when no provider is above the element
 * @csspart form, input, role, field-error, submit, created, key, table, row, state, revoke,
 *   confirm, confirm-revoke, cancel-revoke, empty, error, loading
 */
export class OrgAdminApiKeys extends AdminPanel<ApiKeyDto, Field> {
  static override properties: PropertyDeclarations = {
    _created: { state: true },
  }

  /** The key just created: shown once. */
  declare _created: { name: string; key: string } | null

  constructor() {
    super()
    this._created = null
  }

  protected override fetchItems(client: ApiClient): Promise<ApiKeyDto[]> {
    return client.listApiKeys({ lang: this.locale })
  }

  protected override revokeItem(client: ApiClient, item: ApiKeyDto): Promise<void> {
    return client.revokeApiKey(item.id, { lang: this.locale })
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    if (this._submitting) return
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const name = String(data.get("name") ?? "").trim()
    const roles = data.getAll("roles").map(String)
    this._formError = null
    const errors: Partial<Record<Field, string>> = {}
    if (!name) errors.name = this.t("common.required")
    if (!roles.length) errors.roles = this.t("admin.rolesRequired")
    this._fieldErrors = errors
    if (Object.keys(errors).length) return this.focusFirstInvalid(FIELDS)
    this._submitting = true
    try {
      const created = await this.client.createApiKey({ name, roles }, { lang: this.locale })
      form.reset()
      this._created = { name: created.name, key: created.key }
      this._announcement = this.t("apiKeys.created", { name: created.name })
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

  protected override render(): TemplateResult {
    return html`${this.#renderForm()} ${this.#renderList()}
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>`
  }

  #renderForm(): TemplateResult {
    const t = this.t.bind(this)
    const created = this._created
    return html`<section class="card" aria-labelledby="key-heading">
      <div class="card-head">
        <h2 id="key-heading" class="card-title">${t("apiKeys.create.heading")}</h2>
        <p class="card-sub">${t("apiKeys.create.sub")}</p>
      </div>
      <div class="card-body">
        ${created
          ? html`<div class="alert warning created" part="created" tabindex="-1">
              <p><strong>${t("apiKeys.created", { name: created.name })}</strong></p>
              <p>${t("apiKeys.keyOnce")}</p>
              <org-copy-field part="key" lang=${this.locale} .value=${created.key} label=${t("apiKeys.key")}></org-copy-field>
            </div>`
          : nothing}
        <form part="form" novalidate @submit=${this.#submit}>
          <div class="form-grid">
            ${this.textField("name", t("field.keyName"), { required: true, maxlength: 200, placeholder: t("apiKeys.name.placeholder") })}
            <div class="field-wide">
              ${roleChecks(t, {
                name: "roles",
                idPrefix: "key",
                error: this._fieldErrors.roles,
                onChange: () => this.clearFieldError("roles"),
              })}
            </div>
          </div>
          ${this.renderFormFooter("apiKeys.submit", "apiKeys.submitting")}
        </form>
      </div>
    </section>`
  }

  #renderList(): TemplateResult {
    const t = this.t.bind(this)
    return html`<section class="card" aria-labelledby="keys-heading">
      <div class="card-head">
        <h2 id="keys-heading" class="card-title">${t("apiKeys.list.heading")}</h2>
      </div>
      ${this.renderActionError()}
      ${this.renderListState("apiKeys.empty") ??
      renderDataTable(
        [
          { label: t("field.keyName") },
          { label: t("apiKeys.col.prefix") },
          { label: t("field.roles") },
          { label: t("apiKeys.col.state") },
          { label: t("common.colCreated") },
          { label: t("apiKeys.col.lastUsed") },
          { label: t("admin.revoke"), hidden: true },
        ],
        this._items.map(
          (key) => html`<tr part="row" data-id=${key.id} ?data-revoked=${!!key.revokedAt}>
              <td class="primary" data-label=${t("field.keyName")}>${key.name}</td>
              <td class="mono nowrap" data-label=${t("apiKeys.col.prefix")}>${key.prefix}…</td>
              <td data-label=${t("field.roles")}>
                <span class="tags">${key.roles.map((r) => html`<span class="tag">${roleLabel(t, r)}</span>`)}</span>
              </td>
              <td data-label=${t("apiKeys.col.state")}>
                ${key.revokedAt
                  ? html`<span class="tag" data-tone="danger" part="state" data-state="revoked" title=${this.date(key.revokedAt)}
                      >${t("apiKeys.state.revoked")}</span
                    >`
                  : html`<span class="tag" data-tone="success" part="state" data-state="active">${t("apiKeys.state.active")}</span>`}
              </td>
              <td class="nowrap" data-label=${t("common.colCreated")}>${this.dateCell(key.createdAt)}</td>
              <td class="nowrap" data-label=${t("apiKeys.col.lastUsed")}>${this.dateCell(key.lastUsedAt)}</td>
              <td class="actions">
                ${key.revokedAt ? nothing : this.renderRevokeButton(key, `${t("admin.revoke")}: ${key.name}`)}
              </td>
            </tr>
            ${this.renderConfirmRow(
              key,
              7,
              t("apiKeys.confirmRevoke", { name: key.name }),
              t("apiKeys.revoked", { name: key.name }),
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
      tr[data-revoked] td {
        color: var(--_muted);
      }
    `,
  ]
}

define("org-admin-api-keys", OrgAdminApiKeys)

declare global {
  interface HTMLElementTagNameMap {
    "org-admin-api-keys": OrgAdminApiKeys
  }
}

import { css, html, type TemplateResult } from "lit"
import type { ApiClient } from "../api/client.js"
import type { UserListItemDto } from "../api/types.js"
import { AdminPanel } from "../lib/admin-panel.js"
import { roleLabel } from "../lib/form.js"
import { define } from "../lib/org-element.js"
import { controls, dataLists, notes, surfaces, tokens } from "../lib/styles.js"

/**
 * `<org-admin-users>`: the users of the tenant (admin, supervisor): login, name, roles, number of
 * groups, disabled.
 *
 * @attr token, base-url - used when no provider is above the element
 * @csspart table, row, empty, error, loading
 */
export class OrgAdminUsers extends AdminPanel<UserListItemDto> {
  protected override fetchItems(client: ApiClient): Promise<UserListItemDto[]> {
    return client.listUsers({ lang: this.locale })
  }

  protected override render(): TemplateResult {
    const t = this.t.bind(this)
    return html`<section class="card" aria-labelledby="users-heading">
      <div class="card-head">
        <h2 id="users-heading" class="card-title">${t("users.heading")}</h2>
        ${this._items.length ? html`<p class="card-sub">${t("users.sub", { count: this._items.length })}</p>` : ""}
      </div>
      ${this.renderListState("users.empty") ??
      html`<div class="table-wrap">
        <table class="data" part="table">
          <thead>
            <tr>
              <th scope="col">${t("field.login")}</th>
              <th scope="col">${t("field.name")}</th>
              <th scope="col">${t("field.roles")}</th>
              <th scope="col">${t("users.col.groups")}</th>
              <th scope="col">${t("users.col.state")}</th>
            </tr>
          </thead>
          <tbody>
            ${this._items.map(
              (u) => html`<tr part="row" data-id=${u.id} data-login=${u.login}>
                <td class="mono primary" data-label=${t("field.login")}>${u.login}</td>
                <td data-label=${t("field.name")}>${u.name}</td>
                <td data-label=${t("field.roles")}>
                  <span class="tags">${u.roles.map((r) => html`<span class="tag">${roleLabel(t, r)}</span>`)}</span>
                </td>
                <td class="nowrap num" data-label=${t("users.col.groups")}>${u.groupIds.length}</td>
                <td data-label=${t("users.col.state")}>
                  ${u.disabled
                    ? html`<span class="tag" data-tone="danger" part="state" data-state="disabled">${t("users.disabled")}</span>`
                    : html`<span class="tag" data-tone="success" part="state" data-state="active">${t("users.active")}</span>`}
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`}
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
    `,
  ]
}

define("org-admin-users", OrgAdminUsers)

declare global {
  interface HTMLElementTagNameMap {
    "org-admin-users": OrgAdminUsers
  }
}

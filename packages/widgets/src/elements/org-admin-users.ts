import { css, html, nothing, type PropertyDeclarations, type TemplateResult } from "lit"
import type { ApiClient } from "../api/client.js"
import type { GroupListItemDto, UserListItemDto } from "../api/types.js"
import type { EditCancelEvent, GroupCreatedEvent, UserUpdatedEvent } from "../events.js"
import { AdminPanel } from "../lib/admin-panel.js"
import { renderDataTable } from "../lib/data-table.js"
import { CurrentUserController } from "../lib/current-user.js"
import { roleLabel } from "../lib/form.js"
import { define } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, dataLists, editRows, notes, surfaces, tokens } from "../lib/styles.js"
import "./org-admin-groups.js"
import "./org-admin-user-edit.js"

/**
 * `<org-admin-users>`: the users of the tenant — login, name, roles, groups, state — and the
 * tenant's operator groups (`<org-admin-groups>`). An admin edits a user in a panel under the
 * row (`<org-admin-user-edit>`: name, roles, groups, disabled) and creates groups; anybody
 * else allowed to list users (a supervisor) sees it all read-only.
 *
 * @attr token, base-url, time-zone - used when no provider is above the element
 * @csspart table, row, you, state, edit, edit-row, editor, groups, empty, error, loading, read-only
 */
export class OrgAdminUsers extends AdminPanel<UserListItemDto> {
  static override properties: PropertyDeclarations = {
    _groups: { state: true },
    _groupsState: { state: true },
    _groupsError: { state: true },
    _editing: { state: true },
  }

  declare _groups: GroupListItemDto[]
  declare _groupsState: "loading" | "ready" | "error"
  declare _groupsError: ErrorText | null
  /** The id of the user whose edit panel is open. */
  declare _editing: string | null

  readonly #me = new CurrentUserController(this, this.api)
  #groupsSeq = 0

  constructor() {
    super()
    this._groups = []
    this._groupsState = "loading"
    this._groupsError = null
    this._editing = null
  }

  /** The tenant's groups as last loaded. */
  get groups(): readonly GroupListItemDto[] {
    return this._groups
  }

  protected override async fetchItems(client: ApiClient): Promise<UserListItemDto[]> {
    const [users] = await Promise.all([client.listUsers({ lang: this.locale }), this.#loadGroups(client), this.#me.ready()])
    return users
  }

  /** Groups load beside the users; their failure leaves the users list usable. */
  async #loadGroups(client: ApiClient): Promise<void> {
    const seq = ++this.#groupsSeq
    try {
      const groups = await client.listGroups({ lang: this.locale })
      if (seq !== this.#groupsSeq) return
      this._groups = groups
      this._groupsState = "ready"
      this._groupsError = null
    } catch (error) {
      if (seq !== this.#groupsSeq) return
      this._groupsError = describeError(error, (k) => this.t(k))
      this._groupsState = "error"
    }
  }

  /** Only admins change users and groups (the server says the same). */
  get #canEdit(): boolean {
    return !!this.#me.value?.roles.includes("admin")
  }

  #toggleEdit(user: UserListItemDto): void {
    this._editing = this._editing === user.id ? null : user.id
    this._announcement = ""
  }

  async #focusEditButton(id: string): Promise<void> {
    await this.updateComplete
    this.renderRoot.querySelector<HTMLButtonElement>(`[part=edit][data-id="${id}"]`)?.focus()
  }

  #onUpdated(event: UserUpdatedEvent): void {
    const updated = event.user
    this._items = this._items.map((u) => (u.id === updated.id ? updated : u))
    this._editing = null
    this._announcement = this.t("users.edit.saved", { login: updated.login })
    void this.#focusEditButton(updated.id)
    void this.reload() // member counts of the groups, and anything changed meanwhile
  }

  #onCancel(event: EditCancelEvent): void {
    this._editing = null
    void this.#focusEditButton(event.id)
  }

  #onGroupCreated(event: GroupCreatedEvent): void {
    const collator = new Intl.Collator(this.locale)
    this._groups = [...this._groups.filter((g) => g.id !== event.group.id), event.group].sort((a, b) => collator.compare(a.name, b.name))
    this._groupsState = "ready"
    void this.#loadGroups(this.client)
  }

  #groupNames(user: UserListItemDto): TemplateResult {
    // In the order of the groups list (by name), whatever the order of the ids.
    const known = this._groups.filter((g) => user.groupIds.includes(g.id)).map((g) => g.name)
    const unknown = user.groupIds.length - known.length
    if (!user.groupIds.length) return html`<span class="muted">—</span>`
    return html`<span class="groups">${known.join(", ")}${unknown > 0
        ? html`${known.length ? " " : ""}<span class="muted">${this.t("users.moreGroups", { count: unknown })}</span>`
        : nothing}</span>`
  }

  protected override render(): TemplateResult {
    const t = this.t.bind(this)
    const me = this.#me.value
    const canEdit = this.#canEdit
    const columns = canEdit ? 6 : 5
    return html`<section class="card" aria-labelledby="users-heading">
        <div class="card-head">
          <h2 id="users-heading" class="card-title">${t("users.heading")}</h2>
          ${this._items.length ? html`<p class="card-sub">${t("users.sub", { count: this._items.length })}</p>` : nothing}
        </div>
        ${me && !canEdit && this._items.length ? html`<p class="alert info read-only" part="read-only">${t("users.readOnly")}</p>` : nothing}
        ${this.renderListState("users.empty") ??
        renderDataTable(
          [
            { label: t("field.login") },
            { label: t("field.name") },
            { label: t("field.roles") },
            { label: t("users.col.groups") },
            { label: t("users.col.state") },
            ...(canEdit ? [{ label: t("users.col.actions"), hidden: true }] : []),
          ],
          this._items.map((u) => {
            const editing = canEdit && this._editing === u.id
            const self = !!me && me.id === u.id
            return html`<tr part="row" data-id=${u.id} data-login=${u.login} ?data-editing=${editing} ?data-disabled=${u.disabled}>
                <td class="mono primary" data-label=${t("field.login")}>
                  <span class="login">${u.login}</span>${self
                    ? html` <span class="tag" data-tone="info" part="you">${t("users.you")}</span>`
                    : nothing}
                </td>
                <td data-label=${t("field.name")}>${u.name}</td>
                <td data-label=${t("field.roles")}>
                  <span class="tags">${u.roles.map((r) => html`<span class="tag" data-role=${r}>${roleLabel(t, r)}</span>`)}</span>
                </td>
                <td data-label=${t("users.col.groups")} data-groups>${this.#groupNames(u)}</td>
                <td data-label=${t("users.col.state")}>
                  ${u.disabled
                    ? html`<span class="tag" data-tone="danger" part="state" data-state="disabled">${t("users.disabled")}</span>`
                    : html`<span class="tag" data-tone="success" part="state" data-state="active">${t("users.active")}</span>`}
                </td>
                ${canEdit
                  ? html`<td class="actions">
                      <button
                        class="btn small"
                        part="edit"
                        type="button"
                        data-id=${u.id}
                        aria-label=${t("users.editLabel", { login: u.login })}
                        aria-expanded=${editing ? "true" : "false"}
                        aria-controls=${editing ? `edit-${u.id}` : nothing}
                        @click=${() => this.#toggleEdit(u)}
                      >
                        ${t("users.edit")}
                      </button>
                    </td>`
                  : nothing}
              </tr>
              ${editing
                ? html`<tr class="edit-row" part="edit-row">
                    <td colspan=${columns}>
                      <org-admin-user-edit
                        id=${`edit-${u.id}`}
                        part="editor"
                        lang=${this.locale}
                        .token=${this.token}
                        .baseUrl=${this.baseUrl}
                        .user=${u}
                        .groups=${this._groups}
                        ?self=${self}
                        @org-user-updated=${this.#onUpdated}
                        @org-edit-cancel=${this.#onCancel}
                      ></org-admin-user-edit>
                    </td>
                  </tr>`
                : nothing}`
          }),
        )}
      </section>
      ${this._loadState === "error" && !this._items.length
        ? nothing
        : html`<org-admin-groups
            part="groups"
            lang=${this.locale}
            .token=${this.token}
            .baseUrl=${this.baseUrl}
            .groups=${this._groups}
            .loadState=${this._groupsState}
            .loadError=${this._groupsError}
            ?readonly=${!canEdit}
            @org-group-created=${this.#onGroupCreated}
          ></org-admin-groups>`}
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>`
  }

  static override styles = [
    tokens,
    controls,
    notes,
    surfaces,
    dataLists,
    editRows,
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
      org-admin-groups {
        margin-top: 16px;
      }
      .read-only {
        margin: 12px 14px 0;
        font-size: 12px;
      }
      tr[data-disabled] td.primary .login {
        color: var(--_muted);
        text-decoration: line-through;
      }
      .groups {
        display: inline-block;
        max-width: 260px;
      }
      td.primary .tag {
        font-family: var(--_font);
      }
      @container (max-width: 600px) {
        .groups {
          max-width: none;
          text-align: right;
        }
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

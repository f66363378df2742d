/// <reference types="mocha" />
// The Users tab as a user administration, against the fake server: edit name, roles, groups and
// the disabled flag in a panel under the row, the admin's own row guarded, operator groups.
import { expect, fixture, html } from "@open-wc/testing"
import type { UserDto } from "../api/types.js"
import { ADMIN_USER, DEMO_USER, FakeApi, installFakeApi, type FakeAccount } from "../test/fake-api.js"
import { $, $$, maybe, text, textOf, type, until } from "../test/helpers.js"
import "./org-admin.js"
import type { OrgAdmin } from "./org-admin.js"
import type { OrgAdminGroups } from "./org-admin-groups.js"
import type { OrgAdminUserEdit } from "./org-admin-user-edit.js"
import type { OrgAdminUsers } from "./org-admin-users.js"
import "./org-console.js"
import type { OrgConsole } from "./org-console.js"

const GROUPS = [
  { id: "g1", name: "Линия 1" },
  { id: "g2", name: "Линия 2" },
]

const account = (user: Partial<UserDto> & { id: string; login: string }, groupIds: string[] = [], disabled = false): FakeAccount => ({
  user: { ...DEMO_USER, groups: [], ...user },
  password: "secret",
  groupIds,
  disabled,
  createdAt: "2025-01-01T00:00:00Z",
})

const operator = account({ id: DEMO_USER.id, login: "operator", name: "Анна Петрова", roles: ["operator"] }, ["g1"])
const supervisor = account({ id: "u-sup", login: "supervisor", name: "Сергей Смирнов", roles: ["supervisor"] }, ["g1", "g2"])

function install(user: UserDto = ADMIN_USER): FakeApi {
  return installFakeApi({ user, accounts: [operator, supervisor].map((a) => ({ ...a, groupIds: [...a.groupIds] })), groups: GROUPS })
}

async function mountUsers(lang = "ru"): Promise<OrgAdminUsers> {
  const admin = await fixture<OrgAdmin>(html`<org-admin tab="users" lang=${lang} token="test-token"></org-admin>`)
  await until(() => maybe(admin, "org-admin-users"), "users panel")
  const users = $<OrgAdminUsers>(admin, "org-admin-users")
  await until(() => maybe(users, "table") || maybe(users, "[part=error]"), "users list")
  return users
}

const row = (users: OrgAdminUsers, login: string) => $$(users, "tbody tr[part=row]").find((r) => r.dataset["login"] === login)!
const editButton = (users: OrgAdminUsers, login: string) => row(users, login).querySelector<HTMLButtonElement>("[part=edit]")!
const groupsBlock = (users: OrgAdminUsers) => $<OrgAdminGroups>(users, "org-admin-groups")

async function openEditor(users: OrgAdminUsers, login: string): Promise<OrgAdminUserEdit> {
  editButton(users, login).click()
  await until(() => maybe(users, "org-admin-user-edit"), "editor")
  const editor = $<OrgAdminUserEdit>(users, "org-admin-user-edit")
  await editor.updateComplete
  return editor
}

function box(editor: OrgAdminUserEdit, name: string, value: string): HTMLInputElement {
  return $<HTMLInputElement>(editor, `input[name=${name}][value="${value}"]`)
}

const save = (editor: OrgAdminUserEdit) => $<HTMLButtonElement>(editor, "[part=save]").click()

describe("<org-admin-users>", () => {
  let fake: FakeApi
  afterEach(() => fake?.restore())

  it("shows group names, role badges, the disabled badge and an Edit button per row; the own row is marked", async () => {
    fake = install()
    fake.directory.accounts.push(account({ id: "u-old", login: "retired", name: "Бывший", roles: ["mechanic"] }, [], true))
    const users = await mountUsers("en")
    expect($$(users, "tbody tr[part=row]").map((r) => r.dataset["login"])).to.deep.equal(["admin", "operator", "supervisor", "retired"])
    expect(textOf(row(users, "supervisor").querySelector("[data-groups]")!)).to.equal("Линия 1, Линия 2")
    expect(textOf(row(users, "admin").querySelector("[data-groups]")!)).to.equal("—")
    expect([...row(users, "supervisor").querySelectorAll("[data-role]")].map(textOf)).to.deep.equal(["Supervisor"])
    expect(row(users, "retired").querySelector("[part=state]")!.getAttribute("data-state")).to.equal("disabled")
    expect(textOf(row(users, "retired").querySelector("[part=state]")!)).to.equal("Disabled")
    expect(textOf(row(users, "admin").querySelector("[part=you]")!)).to.equal("you")
    expect(row(users, "operator").querySelector("[part=you]")).to.equal(null)

    // One Edit button per row, a real <button> (Enter/Space work), announcing its panel.
    const edit = editButton(users, "operator")
    expect(edit.tagName).to.equal("BUTTON")
    expect(edit.getAttribute("aria-label")).to.equal("Edit user operator")
    expect(edit.getAttribute("aria-expanded")).to.equal("false")
    expect($$(users, "[part=edit]")).to.have.length(4)
    const editor = await openEditor(users, "operator")
    expect(edit.getAttribute("aria-expanded")).to.equal("true")
    expect(edit.getAttribute("aria-controls")).to.equal(editor.id)
    expect(editor.shadowRoot!.activeElement).to.equal($(editor, "input[name=name]"))
    expect($<HTMLInputElement>(editor, "input[name=name]").value).to.equal("Анна Петрова")
    expect(box(editor, "roles", "operator").checked).to.equal(true)
    expect(box(editor, "groupIds", "g1").checked).to.equal(true)
    expect(box(editor, "groupIds", "g2").checked).to.equal(false)
    expect(textOf(box(editor, "groupIds", "g2").closest("label")!)).to.equal("Линия 2")
    expect($<HTMLInputElement>(editor, "input[name=disabled]").checked).to.equal(false)
    expect(maybe(editor, "[part=self-note]")).to.equal(null)

    // The groups block: names with member counts.
    const groups = groupsBlock(users)
    await groups.updateComplete
    expect($$(groups, "[part=group-row]").map((r) => [r.dataset["name"], textOf(r.querySelector("[part=members]")!)])).to.deep.equal([
      ["Линия 1", "2"],
      ["Линия 2", "1"],
    ])
  })

  it("edits name, roles and groups: only the changes are sent and the row updates", async () => {
    fake = install()
    const users = await mountUsers()
    const editor = await openEditor(users, "operator")
    type($(editor, "input[name=name]"), "  Анна Петрова-Смирнова ")
    box(editor, "roles", "mechanic").click()
    box(editor, "groupIds", "g1").click()
    box(editor, "groupIds", "g2").click()
    save(editor)
    await until(() => !maybe(users, "org-admin-user-edit"), "editor closed")
    const [patch] = fake.requestsTo("PATCH", `/api/v1/auth/users/${operator.user.id}`)
    expect(patch!.body).to.deep.equal({ name: "Анна Петрова-Смирнова", roles: ["operator", "mechanic"], groupIds: ["g2"] })
    expect(patch!.headers.get("authorization")).to.equal("Bearer test-token")

    const updated = row(users, "operator")
    expect(textOf(updated)).to.contain("Анна Петрова-Смирнова")
    expect([...updated.querySelectorAll("[data-role]")].map(textOf)).to.deep.equal(["Оператор", "Механик"])
    expect(textOf(updated.querySelector("[data-groups]")!)).to.equal("Линия 2")
    expect(users.shadowRoot!.activeElement).to.equal(editButton(users, "operator"))
    expect(text(users, "[role=status]")).to.equal("Изменения пользователя operator сохранены")
    // The server has it, and the member counts follow.
    const stored = fake.directory.find("operator")!
    expect(stored.user.roles).to.deep.equal(["operator", "mechanic"])
    expect(stored.groupIds).to.deep.equal(["g2"])
    const groups = groupsBlock(users)
    await until(() => textOf($$(groups, "[part=group-row]")[1]!.querySelector("[part=members]")!) === "2", "member counts")
    expect(textOf($$(groups, "[part=group-row]")[0]!.querySelector("[part=members]")!)).to.equal("1")

    // Saving nothing changed sends nothing; Cancel and Escape close and return the focus.
    const again = await openEditor(users, "operator")
    save(again)
    await until(() => !maybe(users, "org-admin-user-edit"), "closed without changes")
    expect(fake.requestsTo("PATCH", `/api/v1/auth/users/${operator.user.id}`)).to.have.length(1)
    const third = await openEditor(users, "operator")
    box(third, "roles", "finance").click()
    $(third, "input[name=name]").dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, composed: true }))
    await until(() => !maybe(users, "org-admin-user-edit"), "escaped")
    expect(users.shadowRoot!.activeElement).to.equal(editButton(users, "operator"))
    const fourth = await openEditor(users, "operator")
    expect(box(fourth, "roles", "finance").checked).to.equal(false) // the draft was dropped
    $<HTMLButtonElement>(fourth, "[part=cancel]").click()
    await until(() => !maybe(users, "org-admin-user-edit"), "cancelled")
    expect(fake.requestsTo("PATCH", `/api/v1/auth/users/${operator.user.id}`)).to.have.length(1)
  })

  it("disables a user: the row shows it and the user can no longer sign in", async () => {
    fake = install()
    const users = await mountUsers("en")
    const editor = await openEditor(users, "supervisor")
    const toggle = $<HTMLInputElement>(editor, "input[name=disabled]")
    expect(toggle.getAttribute("role")).to.equal("switch")
    expect(toggle.disabled).to.equal(false)
    expect(text(editor, "#e-disabled-hint")).to.contain("ends all of the user's sessions")
    toggle.click()
    save(editor)
    await until(() => !maybe(users, "org-admin-user-edit"), "saved")
    expect(fake.requestsTo("PATCH", "/api/v1/auth/users/u-sup")[0]!.body).to.deep.equal({ disabled: true })
    expect(row(users, "supervisor").querySelector("[part=state]")!.getAttribute("data-state")).to.equal("disabled")
    const login = await fetch("/api/v1/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ login: "supervisor", password: "secret" }),
    })
    expect(login.status).to.equal(401)

    // And back.
    const back = await openEditor(users, "supervisor")
    expect($<HTMLInputElement>(back, "input[name=disabled]").checked).to.equal(true)
    $<HTMLInputElement>(back, "input[name=disabled]").click()
    save(back)
    await until(() => row(users, "supervisor").querySelector("[part=state]")!.getAttribute("data-state") === "active", "enabled")
    expect(fake.directory.find("supervisor")!.disabled).to.equal(false)
  })

  it("guards the admin's own row, and still shows the server's 400 at the control", async () => {
    fake = install()
    const users = await mountUsers("en")
    const editor = await openEditor(users, "admin")
    expect(text(editor, "[part=self-note]")).to.equal("This is your own account: you cannot take away your own admin role or disable yourself.")
    const admin = box(editor, "roles", "admin")
    const toggle = $<HTMLInputElement>(editor, "input[name=disabled]")
    expect([admin.checked, admin.disabled]).to.deep.equal([true, true])
    expect(toggle.disabled).to.equal(true)
    expect(admin.getAttribute("aria-describedby")).to.equal("self-note")
    expect(toggle.getAttribute("aria-describedby")).to.contain("self-note")
    expect(box(editor, "roles", "supervisor").disabled).to.equal(false) // other roles stay editable

    // Adding a role keeps admin (a locked box is not left out of the change).
    box(editor, "roles", "supervisor").click()
    save(editor)
    await until(() => !maybe(users, "org-admin-user-edit"), "saved")
    expect(fake.requestsTo("PATCH", `/api/v1/auth/users/${ADMIN_USER.id}`)[0]!.body).to.deep.equal({ roles: ["admin", "supervisor"] })

    // Should the guard be bypassed (here by hand), the server's 400 lands on the control.
    const bypass = await openEditor(users, "admin")
    const adminBox = box(bypass, "roles", "admin")
    adminBox.disabled = false
    adminBox.click()
    save(bypass)
    await until(() => maybe(bypass, "#e-roles-error"), "roles error")
    expect(text(bypass, "#e-roles-error")).to.equal("You cannot disable yourself or take away your own admin role")
    expect($(bypass, "fieldset[data-field=roles]").hasAttribute("data-invalid")).to.equal(true)
    expect(fake.directory.find("admin")!.user.roles).to.deep.equal(["admin", "supervisor"])
    adminBox.click() // ticking it again clears the error
    await bypass.updateComplete
    expect(maybe(bypass, "#e-roles-error")).to.equal(null)
    const toggleBox = $<HTMLInputElement>(bypass, "input[name=disabled]")
    toggleBox.disabled = false
    toggleBox.click()
    save(bypass)
    await until(() => maybe(bypass, "#e-disabled-error"), "disabled error")
    expect(text(bypass, "#e-disabled-error")).to.equal("You cannot disable yourself or take away your own admin role")
    expect(toggleBox.getAttribute("aria-invalid")).to.equal("true")
    expect(fake.directory.find("admin")!.disabled).to.equal(false)
    expect(maybe(users, "org-admin-user-edit")).to.equal(bypass) // still open
  })

  it("checks the form and puts server field errors at their controls", async () => {
    fake = install()
    const users = await mountUsers()
    const editor = await openEditor(users, "operator")
    type($(editor, "input[name=name]"), "   ")
    box(editor, "roles", "operator").click()
    save(editor)
    await editor.updateComplete
    expect(text(editor, "#e-name-error")).to.equal("Заполните поле")
    expect(text(editor, "#e-roles-error")).to.equal("Выберите хотя бы одну роль")
    expect(editor.shadowRoot!.activeElement).to.equal($(editor, "input[name=name]"))
    expect(fake.requestsTo("PATCH", `/api/v1/auth/users/${operator.user.id}`)).to.have.length(0)

    // A group deleted meanwhile: the server's 400 (groupIds) shows under the groups.
    type($(editor, "input[name=name]"), "Анна")
    box(editor, "roles", "operator").click()
    box(editor, "groupIds", "g2").click()
    fake.directory.groups.splice(1, 1)
    save(editor)
    await until(() => maybe(editor, "#e-groupIds-error"), "groups error")
    expect(text(editor, "#e-groupIds-error")).to.equal("Неизвестная группа")
    expect(editor.shadowRoot!.activeElement).to.equal(box(editor, "groupIds", "g1"))

    // A user of another tenant (or removed): 404 as a form error.
    fake.directory.accounts.splice(fake.directory.accounts.indexOf(fake.directory.find("operator")!), 1)
    box(editor, "groupIds", "g2").click()
    save(editor)
    await until(() => maybe(editor, "[part=error]"), "not found")
    expect(text(editor, "[part=error]")).to.equal("Не найдено")
  })

  it("creates a group, offers it in an open editor, and shows a taken name on the field", async () => {
    fake = install()
    const users = await mountUsers("en")
    const editor = await openEditor(users, "operator")
    const groups = groupsBlock(users)
    await groups.updateComplete
    $<HTMLButtonElement>(groups, "[part=submit]").click()
    await groups.updateComplete
    expect(text(groups, "#group-name-error")).to.equal("Fill in this field")
    expect(fake.requestsTo("POST", "/api/v1/auth/groups")).to.have.length(0)

    type($(groups, "input[name=name]"), " Выездные механики ")
    $<HTMLButtonElement>(groups, "[part=submit]").click()
    await until(() => $$(groups, "[part=group-row]").length === 3, "created")
    expect(fake.requestsTo("POST", "/api/v1/auth/groups")[0]!.body).to.deep.equal({ name: "Выездные механики" })
    const created = $$(groups, "[part=group-row]").find((r) => r.dataset["name"] === "Выездные механики")!
    expect(textOf(created.querySelector("[part=members]")!)).to.equal("0")
    expect($<HTMLInputElement>(groups, "input[name=name]").value).to.equal("")
    expect(text(groups, "[role=status]")).to.equal("Group “Выездные механики” created")
    await editor.updateComplete
    const id = created.dataset["id"]!
    expect(box(editor, "groupIds", id).checked).to.equal(false)
    box(editor, "groupIds", id).click()
    save(editor)
    await until(() => textOf(row(users, "operator").querySelector("[data-groups]")!).includes("Выездные механики"), "member")

    // The same name again: 409 on the field, focused.
    type($(groups, "input[name=name]"), "Линия 1")
    $<HTMLButtonElement>(groups, "[part=submit]").click()
    await until(() => maybe(groups, "#group-name-error"), "conflict")
    expect(text(groups, "#group-name-error")).to.equal("Value is already taken")
    expect($(groups, "input[name=name]").getAttribute("aria-invalid")).to.equal("true")
    expect(groups.shadowRoot!.activeElement).to.equal($(groups, "input[name=name]"))
    expect($$(groups, "[part=group-row]")).to.have.length(3)
    type($(groups, "input[name=name]"), "Линия 1b")
    await groups.updateComplete
    expect(maybe(groups, "#group-name-error")).to.equal(null)
  })

  it("is read-only for a supervisor", async () => {
    fake = install({ ...ADMIN_USER, id: "u-boss", login: "boss", name: "Старший смены", roles: ["supervisor"] })
    const users = await mountUsers("en")
    expect($$(users, "tbody tr[part=row]")).to.have.length(3)
    expect($$(users, "[part=edit]")).to.have.length(0)
    expect(text(users, "[part=read-only]")).to.contain("only administrators")
    const groups = groupsBlock(users)
    await groups.updateComplete
    expect(maybe(groups, "[part=group-form]")).to.equal(null)
    expect($$(groups, "[part=group-row]")).to.have.length(2)
  })

  it("inside the console knows the signed-in admin from the session, without asking /auth/me again", async () => {
    fake = installFakeApi({ signedIn: true, user: ADMIN_USER, accounts: [operator], groups: GROUPS })
    history.replaceState(null, "", "#admin")
    try {
      const el = await fixture<OrgConsole>(html`<org-console lang="ru"></org-console>`)
      await until(() => maybe(el, "org-admin"), "admin view")
      const admin = $<OrgAdmin>(el, "org-admin")
      await until(() => maybe(admin, "org-admin-users"), "users panel")
      const users = $<OrgAdminUsers>(admin, "org-admin-users")
      await until(() => maybe(users, "[part=edit]"), "editable list")
      expect(row(users, "admin").querySelector("[part=you]")).to.not.equal(null)
      expect(fake.requestsTo("GET", "/api/v1/auth/me")).to.have.length(1) // the console's own
      const editor = await openEditor(users, "admin")
      expect(box(editor, "roles", "admin").disabled).to.equal(true)
    } finally {
      history.replaceState(null, "", location.pathname)
    }
  })
})

/// <reference types="mocha" />
// Against the real server (see test-support/real-server.mjs): user administration through the
// Users tab — a group created, the demo operator put into it and made a mechanic, the demo
// supervisor disabled — checked on the server itself. The demo users are put back afterwards;
// other files rely on them, hence the exclusive lock.
import { expect, fixture, html } from "@open-wc/testing"
import type { GroupListItemDto, UserListItemDto } from "../api/types.js"
import { $, $$, maybe, text, textOf, type, until } from "../test/helpers.js"
import { api, DEMO_PASSWORD, lockDemoUsers, signIn, signOut, uniqueLogin } from "../test/real-server.js"
import "./org-admin.js"
import type { OrgAdmin } from "./org-admin.js"
import type { OrgAdminGroups } from "./org-admin-groups.js"
import type { OrgAdminUserEdit } from "./org-admin-user-edit.js"
import type { OrgAdminUsers } from "./org-admin-users.js"

async function usersTab(lang = "en"): Promise<OrgAdminUsers> {
  const admin = await fixture<OrgAdmin>(html`<org-admin tab="users" lang=${lang}></org-admin>`)
  await until(() => maybe(admin, "org-admin-users"), "users panel")
  const users = $<OrgAdminUsers>(admin, "org-admin-users")
  await until(() => maybe(users, "[part=edit]"), "editable users list", 10_000)
  return users
}

const row = (users: OrgAdminUsers, login: string) => $$(users, "tbody tr[part=row]").find((r) => r.dataset["login"] === login)!

async function openEditor(users: OrgAdminUsers, login: string): Promise<OrgAdminUserEdit> {
  row(users, login).querySelector<HTMLButtonElement>("[part=edit]")!.click()
  await until(() => maybe(users, "org-admin-user-edit"), "editor")
  const editor = $<OrgAdminUserEdit>(users, "org-admin-user-edit")
  await editor.updateComplete
  return editor
}

const box = (editor: OrgAdminUserEdit, name: string, value: string) => $<HTMLInputElement>(editor, `input[name=${name}][value="${value}"]`)

async function listUsers(): Promise<UserListItemDto[]> {
  const { status, body } = await api<{ items: UserListItemDto[] }>("GET", "/api/v1/auth/users")
  expect(status).to.equal(200)
  return body.items
}

async function listGroups(): Promise<GroupListItemDto[]> {
  const { status, body } = await api<{ items: GroupListItemDto[] }>("GET", "/api/v1/auth/groups")
  expect(status).to.equal(200)
  return body.items
}

/** The demo operator and supervisor as seeded: operator only, in "Line 1"; supervisor enabled. */
async function restoreDemoUsers(): Promise<void> {
  await signIn("admin")
  const users = await listUsers()
  const line1 = (await listGroups()).find((g) => g.name === "Line 1")!
  const id = (login: string) => users.find((u) => u.login === login)!.id
  const operator = await api("PATCH", `/api/v1/auth/users/${id("operator")}`, { roles: ["operator"], groupIds: [line1.id] })
  const supervisor = await api("PATCH", `/api/v1/auth/users/${id("supervisor")}`, { disabled: false })
  await signOut()
  if (operator.status !== 200 || supervisor.status !== 200) throw new Error(`restoring the demo users: ${operator.status} ${supervisor.status}`)
}

describe("<org-admin-users> with the real server", function () {
  this.timeout(30_000)
  let unlock: (() => Promise<void>) | undefined
  before(async function () {
    this.timeout(110_000)
    unlock = await lockDemoUsers("exclusive")
  })
  after(async function () {
    this.timeout(20_000)
    try {
      await restoreDemoUsers()
    } finally {
      await unlock?.()
    }
  })
  afterEach(() => signOut())

  it("creates a group, puts the demo operator into it and gives him the mechanic role", async () => {
    await signIn("admin")
    const users = await usersTab()
    const groups = $<OrgAdminGroups>(users, "org-admin-groups")
    await until(() => $$(groups, "[part=group-row]").some((r) => r.dataset["name"] === "Line 1"), "demo group listed", 10_000)
    const name = `Mobile ${uniqueLogin("g")}`
    type($(groups, "input[name=name]"), name)
    $<HTMLButtonElement>(groups, "[part=submit]").click()
    await until(() => $$(groups, "[part=group-row]").some((r) => r.dataset["name"] === name), "group created", 10_000)
    const created = $$(groups, "[part=group-row]").find((r) => r.dataset["name"] === name)!
    const groupId = created.dataset["id"]!
    expect(textOf(created.querySelector("[part=members]")!)).to.equal("0")

    // The same name again: the server's 409 on the field.
    type($(groups, "input[name=name]"), name)
    $<HTMLButtonElement>(groups, "[part=submit]").click()
    await until(() => maybe(groups, "#group-name-error"), "conflict", 10_000)
    expect(text(groups, "#group-name-error")).to.equal("Value is already taken")

    const editor = await openEditor(users, "operator")
    expect(box(editor, "groupIds", groupId).checked).to.equal(false)
    box(editor, "groupIds", groupId).click()
    box(editor, "roles", "mechanic").click()
    $<HTMLButtonElement>(editor, "[part=save]").click()
    await until(() => !maybe(users, "org-admin-user-edit"), "saved", 10_000)
    const shown = row(users, "operator")
    expect([...shown.querySelectorAll("[data-role]")].map(textOf)).to.deep.equal(["Operator", "Mechanic"])
    expect(textOf(shown.querySelector("[data-groups]")!)).to.equal(`Line 1, ${name}`)

    // The server has it.
    const operator = (await listUsers()).find((u) => u.login === "operator")!
    expect(operator.roles).to.have.members(["operator", "mechanic"])
    expect(operator.groupIds).to.include(groupId)
    expect((await listGroups()).find((g) => g.id === groupId)!.members).to.equal(1)
    await until(() => textOf($$(groups, "[part=group-row]").find((r) => r.dataset["id"] === groupId)!.querySelector("[part=members]")!) === "1", "member count", 10_000)
  })

  it("disables the demo supervisor: his sign-in fails from then on", async () => {
    const before = await api("POST", "/api/v1/auth/login", { login: "supervisor", password: DEMO_PASSWORD })
    expect(before.status).to.equal(200)
    await signOut()

    await signIn("admin")
    const users = await usersTab("ru")
    const editor = await openEditor(users, "supervisor")
    $<HTMLInputElement>(editor, "input[name=disabled]").click()
    $<HTMLButtonElement>(editor, "[part=save]").click()
    await until(() => row(users, "supervisor").querySelector("[part=state]")?.getAttribute("data-state") === "disabled", "disabled", 10_000)
    expect(textOf(row(users, "supervisor").querySelector("[part=state]")!)).to.equal("Отключён")
    expect((await listUsers()).find((u) => u.login === "supervisor")!.disabled).to.equal(true)
    await signOut()

    const login = await fetch("/api/v1/auth/login", {
      method: "POST",
      credentials: "include",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ login: "supervisor", password: DEMO_PASSWORD }),
    })
    expect(login.status).to.equal(401)
  })

  it("guards the admin's own row, and shows the server's refusal when the guard is bypassed", async () => {
    await signIn("admin")
    const users = await usersTab()
    expect(row(users, "admin").querySelector("[part=you]")).to.not.equal(null)
    const editor = await openEditor(users, "admin")
    expect(maybe(editor, "[part=self-note]")).to.not.equal(null)
    const adminBox = box(editor, "roles", "admin")
    expect([adminBox.checked, adminBox.disabled]).to.deep.equal([true, true])
    expect($<HTMLInputElement>(editor, "input[name=disabled]").disabled).to.equal(true)
    adminBox.disabled = false
    adminBox.click()
    box(editor, "roles", "supervisor").click()
    $<HTMLButtonElement>(editor, "[part=save]").click()
    await until(() => maybe(editor, "#e-roles-error"), "the server's 400", 10_000)
    expect(text(editor, "#e-roles-error")).to.equal("You cannot disable yourself or take away your own admin role")
    expect((await listUsers()).find((u) => u.login === "admin")!.roles).to.deep.equal(["admin"])
  })
})

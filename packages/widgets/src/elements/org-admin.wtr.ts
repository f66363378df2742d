/// <reference types="mocha" />
import { expect, fixture, html } from "@open-wc/testing"
import { ADMIN_USER, DEMO_USER, FakeApi, installFakeApi } from "../test/fake-api.js"
import { $, $$, maybe, text, textOf, type, until } from "../test/helpers.js"
import "./org-admin.js"
import type { OrgAdmin } from "./org-admin.js"
import type { OrgAdminApiKeys } from "./org-admin-api-keys.js"
import type { OrgAdminInvitations } from "./org-admin-invitations.js"
import type { OrgAdminUsers } from "./org-admin-users.js"
import type { OrgCopyField } from "./org-copy-field.js"

const operator = { user: DEMO_USER, password: "secret", groupIds: ["g1", "g2"], disabled: false, createdAt: "2025-01-01T00:00:00Z" }
const retired = {
  user: { ...DEMO_USER, id: "u-retired", login: "retired", name: "Бывший Сотрудник", roles: ["operator", "mechanic"] },
  password: "secret",
  groupIds: [],
  disabled: true,
  createdAt: "2024-01-01T00:00:00Z",
}

async function mount(tab: string, lang = "ru"): Promise<OrgAdmin> {
  return fixture<OrgAdmin>(html`<org-admin tab=${tab} lang=${lang} token="test-token"></org-admin>`)
}

async function panel<T extends HTMLElement>(admin: OrgAdmin, tag: string): Promise<T> {
  await until(() => maybe(admin, tag), tag)
  const el = $<T>(admin, tag)
  await until(() => maybe(el, "table") || maybe(el, "[part=empty]") || maybe(el, "[part=error]"), `${tag} list`)
  return el
}

function check(el: Element, roles: string[]): void {
  for (const box of $$<HTMLInputElement>(el, "input[name=roles]")) box.checked = roles.includes(box.value)
}

describe("<org-admin>", () => {
  let fake: FakeApi
  afterEach(() => fake?.restore())

  it("has six tabs operable with the keyboard", async () => {
    fake = installFakeApi({ user: ADMIN_USER })
    const admin = await mount("users", "en")
    const tabs = $$<HTMLButtonElement>(admin, "[role=tab]")
    expect(tabs.map((t) => t.textContent!.trim())).to.deep.equal(["Users", "Invitations", "API keys", "SIP accounts", "Short numbers", "Calls"])
    expect(tabs.map((t) => t.dataset["tab"])).to.deep.equal(["users", "invitations", "api-keys", "sip-accounts", "extensions", "calls"])
    expect(tabs.map((t) => t.tabIndex)).to.deep.equal([0, -1, -1, -1, -1, -1])
    tabs[0]!.focus()
    tabs[0]!.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true, composed: true }))
    await admin.updateComplete
    expect(admin.tab).to.equal("invitations")
    expect(admin.shadowRoot!.activeElement).to.equal(tabs[1])
    expect(tabs[1]!.getAttribute("aria-selected")).to.equal("true")
    expect(maybe(admin, "org-admin-invitations")).to.not.equal(null)
    tabs[1]!.dispatchEvent(new KeyboardEvent("keydown", { key: "End", bubbles: true, composed: true }))
    await admin.updateComplete
    expect(admin.tab).to.equal("calls")
    expect(maybe(admin, "org-telephony-calls")).to.not.equal(null)
    tabs[5]!.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft", bubbles: true, composed: true }))
    await admin.updateComplete
    expect(admin.tab).to.equal("extensions")
    expect(maybe(admin, "org-telephony-extensions")).to.not.equal(null)
    tabs[4]!.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft", bubbles: true, composed: true }))
    await admin.updateComplete
    expect(admin.tab).to.equal("sip-accounts")
    expect(maybe(admin, "org-telephony-accounts")).to.not.equal(null)
    tabs[3]!.dispatchEvent(new KeyboardEvent("keydown", { key: "End", bubbles: true, composed: true }))
    await admin.updateComplete
    tabs[5]!.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true, composed: true }))
    await admin.updateComplete
    expect(admin.tab).to.equal("users")
  })

  it("lists users with roles, group names and state", async () => {
    fake = installFakeApi({
      user: ADMIN_USER,
      accounts: [operator, retired],
      groups: [
        { id: "g1", name: "Линия 1" },
        { id: "g2", name: "Линия 2" },
      ],
    })
    const users = await panel<OrgAdminUsers>(await mount("users"), "org-admin-users")
    const rows = $$(users, "tbody tr")
    expect(rows.map((r) => r.dataset["login"])).to.deep.equal(["admin", "operator", "retired"])
    const last = rows[2]!
    expect(textOf(last)).to.contain("Бывший Сотрудник")
    expect([...last.querySelectorAll(".tag")].map((t) => t.textContent!.trim())).to.deep.equal(["Оператор", "Механик", "Отключён"])
    expect(last.querySelector("[part=state]")!.getAttribute("data-state")).to.equal("disabled")
    expect(rows[1]!.querySelector("[data-groups]")!.textContent!.trim()).to.equal("Линия 1, Линия 2")
    expect(fake.requestsTo("GET", "/api/v1/auth/users")[0]!.headers.get("authorization")).to.equal("Bearer test-token")
  })

  it("creates an invitation and shows its full link once, with a copy button", async () => {
    fake = installFakeApi({ user: ADMIN_USER })
    const el = await panel<OrgAdminInvitations>(await mount("invitations", "en"), "org-admin-invitations")
    expect(text(el, "[part=empty]")).to.equal("No invitations yet")
    type($(el, "input[name=login]"), "ivan")
    type($(el, "input[name=name]"), "Иван Новиков")
    type($(el, "input[name=email]"), "ivan@example.test")
    check(el, ["operator", "supervisor"])
    $<HTMLButtonElement>(el, "[part=form] button[type=submit]").click()
    await until(() => maybe(el, "[part=created]"), "created")
    const token = fake.directory.invitations[0]!.token
    const link = $<OrgCopyField>(el, "org-copy-field")
    expect(link.value).to.equal(`${location.origin}/invite#${token}`)
    expect(text(el, "[part=created]")).to.contain("shown only once")
    expect(fake.requestsTo("POST", "/api/v1/auth/invitations")[0]!.body).to.deep.equal({
      login: "ivan",
      name: "Иван Новиков",
      email: "ivan@example.test",
      roles: ["supervisor", "operator"],
    })
    await until(() => $$(el, "tbody tr[part=row]").length === 1, "row")
    expect($(el, "tbody [part=state]").dataset["state"]).to.equal("pending")
    expect(text(el, "tbody [part=state]")).to.equal("Pending")
    expect($<HTMLInputElement>(el, "input[name=login]").value).to.equal("")

    // The copy button puts the link on the clipboard.
    const written: string[] = []
    const clipboard = navigator.clipboard
    Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText: async (v: string) => void written.push(v) } })
    try {
      await link.updateComplete
      $<HTMLButtonElement>(link, "[part=copy]").click()
      await until(() => written.length === 1, "copied")
      expect(written[0]).to.equal(link.value)
      await until(() => text(link, "[part=copy]") === "Copied", "copied label")
    } finally {
      Object.defineProperty(navigator, "clipboard", { configurable: true, value: clipboard })
    }
  })

  it("checks the form and shows problem fields next to their inputs", async () => {
    fake = installFakeApi({ user: ADMIN_USER, accounts: [operator] })
    const el = await panel<OrgAdminInvitations>(await mount("invitations"), "org-admin-invitations")
    $<HTMLButtonElement>(el, "[part=form] button[type=submit]").click()
    await el.updateComplete
    expect(text(el, "#f-login-error")).to.equal("Заполните поле")
    expect(text(el, "#inv-roles-error")).to.equal("Выберите хотя бы одну роль")
    expect(fake.requestsTo("POST", "/api/v1/auth/invitations")).to.have.length(0)

    type($(el, "input[name=login]"), "operator") // taken: 409 with a field
    type($(el, "input[name=name]"), "Кто-то")
    type($(el, "input[name=email]"), "not-an-address")
    check(el, ["operator"])
    $<HTMLButtonElement>(el, "[part=form] button[type=submit]").click()
    await until(() => maybe(el, "#f-email-error"), "email error")
    expect(text(el, "#f-email-error")).to.equal("Ожидается адрес e-mail")
    type($(el, "input[name=email]"), "")
    $<HTMLButtonElement>(el, "[part=form] button[type=submit]").click()
    await until(() => maybe(el, "#f-login-error"), "login error")
    expect(text(el, "#f-login-error")).to.equal("Значение уже занято")
    expect($(el, "input[name=login]").getAttribute("aria-invalid")).to.equal("true")
    expect(el.shadowRoot!.activeElement).to.equal($(el, "input[name=login]"))
    expect(maybe(el, "[part=created]")).to.equal(null)
  })

  it("revokes a pending invitation after confirming, and Cancel or Escape keep it", async () => {
    fake = installFakeApi({ user: ADMIN_USER })
    fake.signedIn = true
    const { ApiClient } = await import("../api/client.js")
    await new ApiClient().createInvitation({ login: "petr", name: "Пётр", roles: ["operator"] })
    fake.signedIn = false
    const el = await panel<OrgAdminInvitations>(await mount("invitations"), "org-admin-invitations")
    const revoke = () => $<HTMLButtonElement>(el, "[part=revoke]")
    revoke().click()
    await el.updateComplete
    expect(text(el, "[part=confirm]")).to.contain("Отозвать приглашение petr?")
    expect(el.shadowRoot!.activeElement).to.equal($(el, "[part=confirm-revoke]"))
    $<HTMLButtonElement>(el, "[part=cancel-revoke]").click()
    await el.updateComplete
    expect(maybe(el, "[part=confirm]")).to.equal(null)
    expect(el.shadowRoot!.activeElement).to.equal(revoke())
    revoke().click()
    await el.updateComplete
    $(el, "[part=confirm-revoke]").dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, composed: true }))
    await el.updateComplete
    expect(maybe(el, "[part=confirm]")).to.equal(null)
    expect(fake.requestsTo("DELETE", `/api/v1/auth/invitations/${fake.directory.invitations[0]!.id}`)).to.have.length(0)

    revoke().click()
    await el.updateComplete
    $<HTMLButtonElement>(el, "[part=confirm-revoke]").click()
    await until(() => text(el, "tbody [part=state]") === "Отозвано", "revoked")
    expect(fake.requestsTo("DELETE", `/api/v1/auth/invitations/${fake.directory.invitations[0]!.id}`)).to.have.length(1)
    expect(maybe(el, "[part=revoke]")).to.equal(null)
  })

  it("creates an API key, shows it once, and revokes it after confirming", async () => {
    fake = installFakeApi({ user: ADMIN_USER })
    const el = await panel<OrgAdminApiKeys>(await mount("api-keys", "en"), "org-admin-api-keys")
    $<HTMLButtonElement>(el, "[part=form] button[type=submit]").click()
    await el.updateComplete
    expect(text(el, "#f-name-error")).to.equal("Fill in this field")
    type($(el, "input[name=name]"), "Bitrix24")
    check(el, ["operator"])
    $<HTMLButtonElement>(el, "[part=form] button[type=submit]").click()
    await until(() => maybe(el, "[part=created]"), "created")
    const key = $<OrgCopyField>(el, "org-copy-field").value
    expect(key).to.match(/^sbk_/)
    expect(text(el, "[part=created]")).to.contain("shown only once")
    await until(() => $$(el, "tbody tr[part=row]").length === 1, "row")
    const row = $(el, "tbody tr[part=row]")
    expect(textOf(row)).to.contain(`${key.slice(0, 12)}…`)
    expect(textOf(row)).to.not.contain(key)
    expect(textOf(row)).to.contain("never")
    $<HTMLButtonElement>(el, "[part=revoke]").click()
    await el.updateComplete
    expect(text(el, "[part=confirm]")).to.contain("Revoke “Bitrix24”?")
    $<HTMLButtonElement>(el, "[part=confirm-revoke]").click()
    await until(() => $(el, "tbody [part=state]").dataset["state"] === "revoked", "revoked")
    expect(fake.directory.apiKeys[0]!.revokedAt).to.be.a("string")
  })

  it("shows a load error with a retry", async () => {
    fake = installFakeApi({ user: DEMO_USER }) // an operator: 403
    const el = await panel<OrgAdminApiKeys>(await mount("api-keys", "en"), "org-admin-api-keys")
    expect(text(el, "[part=error]")).to.contain("Could not load the data")
    expect(maybe(el, "[part=error] button")).to.not.equal(null)
  })
})

/// <reference types="mocha" />
// Against the real server (see test-support/real-server.mjs): the invitation flow end to end,
// and API keys.
import { expect, fixture, html, oneEvent } from "@open-wc/testing"
import { InvitationAcceptedEvent, LoginEvent } from "../events.js"
import { $, $$, maybe, text, textOf, type, until } from "../test/helpers.js"
import { api, signIn, signOut, uniqueLogin, useDemoUsersAsSeeded } from "../test/real-server.js"
import "./org-admin.js"
import type { OrgAdmin } from "./org-admin.js"
import type { OrgAdminApiKeys } from "./org-admin-api-keys.js"
import type { OrgAdminInvitations } from "./org-admin-invitations.js"
import type { OrgAdminUsers } from "./org-admin-users.js"
import type { OrgCopyField } from "./org-copy-field.js"
import "./org-invite-accept.js"
import type { OrgInviteAccept } from "./org-invite-accept.js"
import "./org-login.js"
import type { OrgLogin } from "./org-login.js"

async function panel<T extends HTMLElement>(tab: string, tag: string, lang = "ru"): Promise<T> {
  const admin = await fixture<OrgAdmin>(html`<org-admin tab=${tab} lang=${lang}></org-admin>`)
  await until(() => maybe(admin, tag), tag)
  const el = $<T>(admin, tag)
  await until(() => maybe(el, "table") || maybe(el, "[part=empty]") || maybe(el, "[part=error]"), `${tag} list`, 10_000)
  return el
}

function check(el: Element, roles: string[]): void {
  for (const box of $$<HTMLInputElement>(el, "input[name=roles]")) box.checked = roles.includes(box.value)
}

describe("<org-admin> with the real server", function () {
  this.timeout(30_000)
  useDemoUsersAsSeeded() // the demo operator and supervisor as seeded (another file changes them)
  afterEach(() => signOut())

  it("lists the demo users", async () => {
    await signIn("admin")
    const users = await panel<OrgAdminUsers>("users", "org-admin-users")
    const logins = $$(users, "tbody tr").map((r) => r.dataset["login"])
    expect(logins).to.include.members(["admin", "supervisor", "operator"])
    const operator = $$(users, "tbody tr").find((r) => r.dataset["login"] === "operator")!
    expect(textOf(operator)).to.contain("Ольга Операторова")
    expect(operator.querySelector("[data-groups]")!.textContent!.trim()).to.equal("Line 1")
    expect(operator.querySelector("[part=state]")!.getAttribute("data-state")).to.equal("active")
  })

  it("invites a person: the link sets a password once, and the new login works", async () => {
    await signIn("admin")
    const login = uniqueLogin("new")
    const invitations = await panel<OrgAdminInvitations>("invitations", "org-admin-invitations", "en")
    type($(invitations, "input[name=login]"), login)
    type($(invitations, "input[name=name]"), "Новый Сотрудник")
    type($(invitations, "input[name=email]"), "new@example.test")
    check(invitations, ["operator"])
    $<HTMLButtonElement>(invitations, "[part=form] button[type=submit]").click()
    await until(() => maybe(invitations, "[part=created]"), "invitation created", 10_000)
    const link = new URL($<OrgCopyField>(invitations, "org-copy-field").value)
    expect(link.origin).to.equal(location.origin)
    expect(link.pathname).to.equal("/invite")
    const token = link.hash.slice(1)
    expect(token.length).to.be.greaterThan(20)
    await until(() => $$(invitations, "tbody tr[part=row]").some((r) => r.dataset["login"] === login), "listed", 10_000)
    const row = $$(invitations, "tbody tr[part=row]").find((r) => r.dataset["login"] === login)!
    expect(row.querySelector("[part=state]")!.getAttribute("data-state")).to.equal("pending")

    // The same login again: the server's 409 lands on the login field.
    type($(invitations, "input[name=login]"), login)
    type($(invitations, "input[name=name]"), "Дубль")
    check(invitations, ["operator"])
    $<HTMLButtonElement>(invitations, "[part=form] button[type=submit]").click()
    await until(() => maybe(invitations, "#f-login-error"), "conflict", 10_000)
    expect(text(invitations, "#f-login-error")).to.equal("Value is already taken")
    await signOut()

    const accept = await fixture<OrgInviteAccept>(html`<org-invite-accept lang="en" .token=${token}></org-invite-accept>`)
    type($(accept, "input[name=password]"), "short")
    type($(accept, "input[name=repeat]"), "short")
    $<HTMLButtonElement>(accept, "button[type=submit]").click()
    await accept.updateComplete
    expect(text(accept, "#password-error")).to.equal("The password needs at least 10 characters")
    const accepted = oneEvent(accept, InvitationAcceptedEvent.type)
    type($(accept, "input[name=password]"), "new-person-password")
    type($(accept, "input[name=repeat]"), "new-person-password")
    $<HTMLButtonElement>(accept, "button[type=submit]").click()
    expect(((await accepted) as unknown as InvitationAcceptedEvent).login).to.equal(login)

    // The link is used up.
    const again = await fixture<OrgInviteAccept>(html`<org-invite-accept lang="en" .token=${token}></org-invite-accept>`)
    type($(again, "input[name=password]"), "another-password-1")
    type($(again, "input[name=repeat]"), "another-password-1")
    $<HTMLButtonElement>(again, "button[type=submit]").click()
    await until(() => maybe(again, "[data-code=token_invalid]"), "used link", 10_000)
    expect(text(again, "[role=alert]")).to.contain("ask your administrator for a new one")

    const form = await fixture<OrgLogin>(html`<org-login lang="en" login=${login} notice="invitation-accepted"></org-login>`)
    const signedIn = oneEvent(form, LoginEvent.type)
    type($(form, "input[name=password]"), "new-person-password")
    $<HTMLButtonElement>(form, "button[type=submit]").click()
    const { user } = (await signedIn) as unknown as LoginEvent
    expect(user.login).to.equal(login)
    expect(user.roles).to.deep.equal(["operator"])
  })

  it("revokes a pending invitation after confirming: its link stops working", async () => {
    await signIn("admin")
    const login = uniqueLogin("revoked")
    const created = await api<{ token: string }>("POST", "/api/v1/auth/invitations", { login, name: "Отзовём", roles: ["operator"] })
    const invitations = await panel<OrgAdminInvitations>("invitations", "org-admin-invitations")
    const row = () => $$(invitations, "tbody tr[part=row]").find((r) => r.dataset["login"] === login)!
    row().querySelector<HTMLButtonElement>("[part=revoke]")!.click()
    await invitations.updateComplete
    $<HTMLButtonElement>(invitations, "[part=confirm-revoke]").click()
    await until(() => row().querySelector("[part=state]")!.getAttribute("data-state") === "revoked", "revoked", 10_000)
    await signOut()
    const accept = await api("POST", "/api/v1/auth/invitations/accept", { token: created.body.token, password: "0123456789" })
    expect(accept.status).to.equal(401)
  })

  it("creates an API key that works until it is revoked", async () => {
    await signIn("admin")
    const keys = await panel<OrgAdminApiKeys>("api-keys", "org-admin-api-keys", "en")
    const name = `CRM ${uniqueLogin("k")}`
    type($(keys, "input[name=name]"), name)
    $<HTMLButtonElement>(keys, "[part=form] button[type=submit]").click()
    await keys.updateComplete
    expect(text(keys, "#key-roles-error")).to.equal("Pick at least one role")
    check(keys, ["operator"])
    $<HTMLButtonElement>(keys, "[part=form] button[type=submit]").click()
    await until(() => maybe(keys, "[part=created]"), "key created", 10_000)
    const key = $<OrgCopyField>(keys, "org-copy-field").value
    await signOut()

    const withKey = () => api("GET", "/api/v1/cases?limit=1", undefined, { Authorization: `Bearer ${key}` })
    expect((await withKey()).status).to.equal(200)

    await signIn("admin")
    await keys.reload()
    await until(() => $$(keys, "tbody tr[part=row]").some((r) => textOf(r).includes(name)), "listed", 10_000)
    const row = $$(keys, "tbody tr[part=row]").find((r) => textOf(r).includes(name))!
    expect(textOf(row)).to.not.contain(key)
    row.querySelector<HTMLButtonElement>("[part=revoke]")!.click()
    await keys.updateComplete
    $<HTMLButtonElement>(keys, "[part=confirm-revoke]").click()
    await until(
      () => $$(keys, "tbody tr[part=row]").find((r) => textOf(r).includes(name))?.querySelector("[part=state]")?.getAttribute("data-state") === "revoked",
      "revoked",
      10_000,
    )
    await signOut()
    expect((await withKey()).status).to.equal(401)
  })
})

/// <reference types="mocha" />
// Against the real server (see test-support/real-server.mjs).
import { expect, fixture, html } from "@open-wc/testing"
import { $, $$, maybe, text, textOf, type, until } from "../test/helpers.js"
import { api, createUser, signIn, signOut } from "../test/real-server.js"
import "./org-account.js"
import type { OrgAccount } from "./org-account.js"

async function mount(lang = "ru"): Promise<OrgAccount> {
  const el = await fixture<OrgAccount>(html`<org-account lang=${lang}></org-account>`)
  await until(() => $$(el, "[part=session]").length > 0 || maybe(el, "[part=error]"), "sessions", 10_000)
  return el
}

async function changePassword(el: OrgAccount, current: string, next: string): Promise<void> {
  type($(el, "#pw-current"), current)
  type($(el, "#pw-next"), next)
  type($(el, "#pw-repeat"), next)
  $<HTMLButtonElement>(el, "[part=password-form] button[type=submit]").click()
  await el.updateComplete
}

describe("<org-account> with the real server", function () {
  this.timeout(30_000)
  afterEach(() => signOut())

  it("shows my sessions and logs out another one", async () => {
    const user = await createUser()
    await signIn(user.login, user.password, true) // an "other" session: its cookie is replaced next
    await signIn(user.login, user.password)
    const el = await mount()
    const rows = $$(el, "[part=session]")
    expect(rows).to.have.length(2)
    const mine = rows.find((r) => r.hasAttribute("data-current"))!
    const other = rows.find((r) => !r.hasAttribute("data-current"))!
    expect(textOf(mine)).to.contain("Этот сеанс")
    expect(textOf(mine)).to.match(/Chrome \d+ · Linux/)
    expect(textOf(mine)).to.contain("IP 127.0.0.1")
    expect(textOf(other)).to.contain("Запомнен")
    other.querySelector<HTMLButtonElement>("[part=revoke]")!.click()
    await until(() => $$(el, "[part=session]").length === 1, "other session gone", 10_000)
    const left = await api<{ current: boolean }[]>("GET", "/api/v1/auth/sessions")
    expect(left.body.map((s) => s.current)).to.deep.equal([true])
  })

  it("changes the password: wrong current is shown on its field, then the new one works", async () => {
    const user = await createUser()
    await signIn(user.login, user.password)
    const el = await mount("en")
    await until(() => maybe(el, "[part=profile]"), "profile", 10_000)
    expect(text(el, "[part=profile]")).to.contain(user.login)
    expect(text(el, "[part=profile]")).to.contain("Europe/Moscow")

    await changePassword(el, "not-my-password", "brand-new-password")
    await until(() => maybe(el, "#pw-current-error"), "current error", 10_000)
    expect(text(el, "#pw-current-error")).to.equal("The current password is wrong")
    expect(maybe(el, "#pw-next-error")).to.equal(null)

    await changePassword(el, user.password, "brand-new-password")
    await until(() => maybe(el, "[part=password-form] [part=notice]"), "changed", 10_000)
    expect(text(el, "[part=password-form] [part=notice]")).to.contain("Your password was changed")
    expect(maybe(el, "#pw-current-error")).to.equal(null)

    await signOut()
    const old = await api("POST", "/api/v1/auth/login", { login: user.login, password: user.password })
    expect(old.status).to.equal(401)
    const fresh = await api("POST", "/api/v1/auth/login", { login: user.login, password: "brand-new-password" })
    expect(fresh.status).to.equal(200)
  })
})

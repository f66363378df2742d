/// <reference types="mocha" />
import { expect, fixture, html } from "@open-wc/testing"
import { DEMO_USER, FakeApi, installFakeApi, otherSession } from "../test/fake-api.js"
import { $, $$, maybe, text, textOf, type, until } from "../test/helpers.js"
import "./org-account.js"
import type { OrgAccount } from "./org-account.js"

async function mount(lang = "ru"): Promise<OrgAccount> {
  const el = await fixture<OrgAccount>(html`<org-account lang=${lang}></org-account>`)
  await until(() => $$(el, "[part=session]").length > 0 || maybe(el, "[part=error]"), "sessions")
  return el
}

const sessionRows = (el: OrgAccount) => $$(el, "[part=session]")

async function changePassword(el: OrgAccount, current: string, next: string, again = next): Promise<void> {
  type($(el, "#pw-current"), current)
  type($(el, "#pw-next"), next)
  type($(el, "#pw-repeat"), again)
  $<HTMLButtonElement>(el, "[part=password-form] button[type=submit]").click()
  await el.updateComplete
}

describe("<org-account>", () => {
  let fake: FakeApi
  afterEach(() => fake?.restore())

  it("lists my sessions: browser, IP, last seen in the tenant's time zone, this one and remembered ones", async () => {
    const home = otherSession({ lastSeenAt: "2025-03-14T21:30:00.000Z", ip: "10.20.30.40" })
    fake = installFakeApi({ signedIn: true, sessions: [home] })
    const el = await mount()
    const rows = sessionRows(el)
    expect(rows).to.have.length(2)
    const [mine, other] = rows as [HTMLElement, HTMLElement]
    expect(mine.hasAttribute("data-current")).to.equal(true)
    expect(textOf(mine)).to.contain("Этот сеанс")
    expect(mine.querySelector("[part=revoke]")).to.equal(null)
    expect(mine.querySelector(".device-name")!.textContent).to.match(/^Chrome \d+ · Linux$/)
    expect(textOf(other)).to.contain("Firefox 133 · Windows")
    expect(textOf(other)).to.contain("IP 10.20.30.40")
    expect(textOf(other)).to.contain("Запомнен")
    // 21:30Z is 00:30 next day in Moscow, the demo tenant's zone.
    expect(other.querySelector(".last-seen")!.textContent!.trim()).to.equal("активность 15.03.2025, 00:30")
    expect(text(el, "[part=profile]")).to.contain("Europe/Moscow")
    expect(text(el, "[part=profile]")).to.contain(DEMO_USER.name)
  })

  it("logs out another session", async () => {
    const home = otherSession()
    fake = installFakeApi({ signedIn: true, sessions: [home] })
    const el = await mount("en")
    const other = sessionRows(el)[1]!
    const button = other.querySelector<HTMLButtonElement>("[part=revoke]")!
    expect(button.textContent!.trim()).to.equal("Log out there")
    expect(button.getAttribute("aria-label")).to.equal("Log out there: Firefox 133 · Windows")
    button.click()
    await until(() => sessionRows(el).length === 1, "row removed")
    expect(fake.requestsTo("DELETE", `/api/v1/auth/sessions/${home.id}`)).to.have.length(1)
    expect(text(el, ".visually-hidden[role=status]")).to.equal("The session on the other device was ended")
  })

  it("changes the password after checking the form, and the other sessions end", async () => {
    fake = installFakeApi({ signedIn: true, sessions: [otherSession()] })
    const el = await mount()
    await changePassword(el, "", "short")
    expect(text(el, "#pw-current-error")).to.equal("Введите текущий пароль")
    expect(text(el, "#pw-next-error")).to.equal("Пароль должен быть не короче 10 символов")
    expect(el.shadowRoot!.activeElement).to.equal($(el, "#pw-current"))
    await changePassword(el, "secret", "new-password-1", "new-password-2")
    expect(text(el, "#pw-repeat-error")).to.equal("Пароли не совпадают")
    expect(fake.requestsTo("POST", "/api/v1/auth/password")).to.have.length(0)

    await changePassword(el, "secret", "new-password-1")
    await until(() => maybe(el, "[part=password-form] [part=notice]"), "success")
    expect(text(el, "[part=password-form] [part=notice]")).to.equal("Пароль изменён. Остальные сеансы завершены.")
    expect(fake.requestsTo("POST", "/api/v1/auth/password")[0]!.body).to.deep.equal({ current: "secret", next: "new-password-1" })
    expect($<HTMLInputElement>(el, "#pw-current").value).to.equal("")
    await until(() => sessionRows(el).length === 1, "other sessions gone")
  })

  it("shows the server's field errors next to the inputs", async () => {
    fake = installFakeApi({ signedIn: true })
    const el = await mount("en")
    await changePassword(el, "not-my-password", "new-password-1")
    await until(() => maybe(el, "#pw-current-error"), "field error")
    expect(text(el, "#pw-current-error")).to.equal("The current password is wrong")
    expect($(el, "#pw-current").getAttribute("aria-invalid")).to.equal("true")
    expect($(el, "#pw-current-error").parentElement).to.equal($(el, "#pw-current").parentElement)
    expect(maybe(el, "[part=password-form] [part=notice]")).to.equal(null)
    expect(fake.password).to.equal("secret")
  })

  it("works standalone with a widget token", async () => {
    fake = installFakeApi({ sessions: [otherSession()] })
    const el = await fixture<OrgAccount>(html`<org-account token="test-token" lang="en"></org-account>`)
    await until(() => sessionRows(el).length === 1 && maybe(el, "[part=profile]"), "sessions and profile")
    expect(fake.requestsTo("GET", "/api/v1/auth/sessions")[0]!.headers.get("authorization")).to.equal("Bearer test-token")
    expect(text(el, "[part=profile]")).to.contain("operator")
  })
})

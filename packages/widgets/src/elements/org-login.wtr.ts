/// <reference types="mocha" />
import { expect, fixture, html, oneEvent } from "@open-wc/testing"
import { LangChangeEvent, LoginEvent } from "../events.js"
import { FakeApi, installFakeApi } from "../test/fake-api.js"
import { $, maybe, text, type, until } from "../test/helpers.js"
import "./org-login.js"
import type { OrgLogin } from "./org-login.js"

async function signIn(el: OrgLogin, login: string, password: string, remember = false): Promise<void> {
  type($(el, "input[name=login]"), login)
  type($(el, "input[name=password]"), password)
  $<HTMLInputElement>(el, "input[name=remember]").checked = remember
  $<HTMLButtonElement>(el, "button[type=submit]").click()
  await el.updateComplete
}

describe("<org-login>", () => {
  let fake: FakeApi
  afterEach(() => fake?.restore())

  it("signs in and fires org-login with the user", async () => {
    fake = installFakeApi()
    const el = await fixture<OrgLogin>(html`<org-login></org-login>`)
    const fired = oneEvent(el, LoginEvent.type)
    await signIn(el, "operator", "secret", true)
    const event = (await fired) as unknown as LoginEvent
    expect(event).to.be.instanceOf(LoginEvent)
    expect(event.composed).to.equal(true)
    expect(event.user.login).to.equal("operator")
    expect(fake.requestsTo("POST", "/api/v1/auth/login")[0]!.body).to.deep.equal({
      login: "operator",
      password: "secret",
      remember: true,
    })
    expect(fake.requestsTo("POST", "/api/v1/auth/login")[0]!.credentials).to.equal("include")
  })

  it("shows the server's 401 message in the form's language", async () => {
    fake = installFakeApi()
    const el = await fixture<OrgLogin>(html`<org-login></org-login>`)
    await signIn(el, "operator", "wrong")
    await until(() => maybe(el, "[role=alert]"), "alert")
    expect(text(el, "[role=alert]")).to.equal("Неверный логин или пароль")
    expect($<HTMLInputElement>(el, "input[name=password]").value).to.equal("")
    expect($<HTMLInputElement>(el, "input[name=login]").value).to.equal("operator")

    el.lang = "en"
    await signIn(el, "operator", "wrong again")
    await until(() => maybe(el, "[role=alert]")?.textContent?.trim() === "Invalid login or password", "English message")
    expect(fake.requestsTo("POST", "/api/v1/auth/login")[1]!.headers.get("accept-language")).to.equal("en")
  })

  it("shows the 429 message with the Retry-After seconds and waits them out", async () => {
    fake = installFakeApi()
    fake.throttleSeconds = 30
    const el = await fixture<OrgLogin>(html`<org-login></org-login>`)
    await signIn(el, "operator", "secret")
    await until(() => maybe(el, "[role=alert]"), "alert")
    expect(text(el, "[role=alert] .message")).to.equal("Слишком много попыток входа")
    expect(text(el, "[role=alert] .retry")).to.match(/^Повторить можно через (30|29) с$/)
    const button = $<HTMLButtonElement>(el, "button[type=submit]")
    expect(button.disabled).to.equal(true)
    $<HTMLFormElement>(el, "form").requestSubmit()
    expect(fake.requestsTo("POST", "/api/v1/auth/login")).to.have.length(1)
  })

  it("asks for both fields before calling the server", async () => {
    fake = installFakeApi()
    const el = await fixture<OrgLogin>(html`<org-login lang="en"></org-login>`)
    await signIn(el, "operator", "")
    expect(text(el, "[role=alert]")).to.equal("Enter your login and password")
    expect(el.shadowRoot!.activeElement).to.equal($(el, "input[name=password]"))
    expect(fake.requests).to.have.length(0)
  })

  it("switches between Russian and English", async () => {
    fake = installFakeApi()
    const el = await fixture<OrgLogin>(html`<org-login></org-login>`)
    expect($(el, "button[type=submit]").textContent!.trim()).to.equal("Войти")
    expect(text(el, "label[for=password]")).to.equal("Пароль")
    const langSwitch = $(el, "org-lang-switch")
    await (langSwitch as unknown as { updateComplete: Promise<unknown> }).updateComplete
    const en = langSwitch.shadowRoot!.querySelector<HTMLButtonElement>("button[data-lang=en]")!
    expect(en.getAttribute("aria-pressed")).to.equal("false")
    const fired = oneEvent(el, LangChangeEvent.type)
    en.click()
    const event = (await fired) as unknown as LangChangeEvent
    expect(event.lang).to.equal("en")
    await el.updateComplete
    expect(el.lang).to.equal("en")
    expect($(el, "button[type=submit]").textContent!.trim()).to.equal("Sign in")
    expect(text(el, "label[for=password]")).to.equal("Password")
    expect(text(el, "label.check")).to.equal("Remember me")
    expect(en.getAttribute("aria-pressed")).to.equal("true")
  })

  it("follows <html lang> when it has no lang of its own", async () => {
    fake = installFakeApi()
    const before = document.documentElement.lang
    document.documentElement.lang = "en-GB"
    try {
      const el = await fixture<OrgLogin>(html`<org-login></org-login>`)
      expect($(el, "button[type=submit]").textContent!.trim()).to.equal("Sign in")
      document.documentElement.lang = "ru"
      await until(() => $(el, "button[type=submit]").textContent!.trim() === "Войти", "Russian")
    } finally {
      document.documentElement.lang = before
    }
  })
})

describe("<org-login> notes", () => {
  let fake: FakeApi
  afterEach(() => fake?.restore())

  it("fills the login in, focuses the password and shows a note until the next try", async () => {
    fake = installFakeApi()
    const el = await fixture<OrgLogin>(html`<org-login lang="en" login="operator" notice="invitation-accepted"></org-login>`)
    expect($<HTMLInputElement>(el, "input[name=login]").value).to.equal("operator")
    expect(el.shadowRoot!.activeElement).to.equal($(el, "input[name=password]"))
    expect(text(el, "[part=notice]")).to.equal("Your password is set. Sign in with your login.")
    expect($(el, "[part=notice]").classList.contains("success")).to.equal(true)
    type($(el, "input[name=password]"), "wrong")
    $<HTMLButtonElement>(el, "button[type=submit]").click()
    await until(() => maybe(el, "[role=alert]"), "error")
    expect(maybe(el, "[part=notice]")).to.equal(null)
  })

  it("says when the session has ended", async () => {
    fake = installFakeApi()
    const el = await fixture<OrgLogin>(html`<org-login notice="session-ended"></org-login>`)
    expect(text(el, "[part=notice]")).to.equal("Сеанс завершён. Войдите снова.")
  })
})


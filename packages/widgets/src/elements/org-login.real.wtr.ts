/// <reference types="mocha" />
// Against the real server (see test-support/real-server.mjs).
import { expect, fixture, html, oneEvent } from "@open-wc/testing"
import { LoginEvent } from "../events.js"
import { $, maybe, text, type, until } from "../test/helpers.js"
import { api, DEMO_PASSWORD, signOut, useDemoUsersAsSeeded } from "../test/real-server.js"
import "./org-login.js"
import type { OrgLogin } from "./org-login.js"

async function submit(el: OrgLogin, login: string, password: string, remember = false): Promise<void> {
  type($(el, "input[name=login]"), login)
  type($(el, "input[name=password]"), password)
  $<HTMLInputElement>(el, "input[name=remember]").checked = remember
  $<HTMLButtonElement>(el, "button[type=submit]").click()
  await el.updateComplete
}

describe("<org-login> with the real server", function () {
  this.timeout(20_000)
  useDemoUsersAsSeeded() // the demo operator and supervisor as seeded (another file changes them)
  afterEach(() => signOut())

  it("refuses a wrong password with the server's message in the form's language", async () => {
    const el = await fixture<OrgLogin>(html`<org-login lang="ru"></org-login>`)
    await submit(el, "operator", "not-the-password")
    await until(() => maybe(el, "[role=alert]"), "error", 10_000)
    expect(text(el, "[role=alert] .message")).to.equal("Неверный логин или пароль")
    expect($<HTMLInputElement>(el, "input[name=password]").value).to.equal("")
    expect((await api("GET", "/api/v1/auth/me")).status).to.equal(401)
  })

  it("signs in with the right one: the user comes with the tenant's time zone and a remembered session", async () => {
    const el = await fixture<OrgLogin>(html`<org-login lang="en"></org-login>`)
    const fired = oneEvent(el, LoginEvent.type)
    await submit(el, "operator", DEMO_PASSWORD, true)
    const { user } = (await fired) as unknown as LoginEvent
    expect(user.login).to.equal("operator")
    expect(user.roles).to.deep.equal(["operator"])
    expect(user.tenant.timeZone).to.equal("Europe/Moscow")
    // The cookie is set: the page is signed in.
    const me = await api<{ user: { login: string } }>("GET", "/api/v1/auth/me")
    expect(me.body.user.login).to.equal("operator")
    const sessions = await api<{ current: boolean; remember: boolean }[]>("GET", "/api/v1/auth/sessions")
    expect(sessions.body.find((s) => s.current)?.remember).to.equal(true)
  })
})

/// <reference types="mocha" />
import { expect, fixture, html, oneEvent } from "@open-wc/testing"
import { ApiClient } from "../api/client.js"
import { InvitationAcceptedEvent, NavigateEvent } from "../events.js"
import { ADMIN_USER, FakeApi, installFakeApi } from "../test/fake-api.js"
import { $, maybe, text, type, until } from "../test/helpers.js"
import "./org-invite-accept.js"
import type { OrgInviteAccept } from "./org-invite-accept.js"

async function invite(fake: FakeApi, login = "ivan"): Promise<string> {
  fake.signedIn = true
  const created = await new ApiClient().createInvitation({ login, name: "Иван Новиков", roles: ["operator"] })
  fake.signedIn = false
  return created.token
}

async function mount(token: string | undefined, lang = "ru"): Promise<OrgInviteAccept> {
  return fixture<OrgInviteAccept>(html`<org-invite-accept lang=${lang} .token=${token}></org-invite-accept>`)
}

async function fill(el: OrgInviteAccept, password: string, repeat: string): Promise<void> {
  type($(el, "input[name=password]"), password)
  type($(el, "input[name=repeat]"), repeat)
  $<HTMLButtonElement>(el, "button[type=submit]").click()
  await el.updateComplete
}

describe("<org-invite-accept>", () => {
  let fake: FakeApi
  afterEach(() => fake?.restore())

  it("sets the password and fires org-invitation-accepted with the login", async () => {
    fake = installFakeApi({ user: ADMIN_USER })
    const token = await invite(fake)
    const el = await mount(token, "en")
    expect(text(el, "h1")).to.equal("Set your password")
    const fired = oneEvent(el, InvitationAcceptedEvent.type)
    await fill(el, "a-long-password", "a-long-password")
    const event = (await fired) as unknown as InvitationAcceptedEvent
    expect(event.login).to.equal("ivan")
    expect(event.bubbles && event.composed).to.equal(true)
    expect(fake.requestsTo("POST", "/api/v1/auth/invitations/accept")[0]!.body).to.deep.equal({
      token,
      password: "a-long-password",
    })
    expect(fake.directory.find("ivan")?.password).to.equal("a-long-password")
  })

  it("checks length and repetition before sending anything", async () => {
    fake = installFakeApi({ user: ADMIN_USER })
    const token = await invite(fake)
    const el = await mount(token)
    await fill(el, "short", "short")
    expect(text(el, "#password-error")).to.equal("Пароль должен быть не короче 10 символов")
    expect($(el, "#password").getAttribute("aria-invalid")).to.equal("true")
    expect(el.shadowRoot!.activeElement).to.equal($(el, "#password"))
    await fill(el, "0123456789", "0123456788")
    expect(maybe(el, "#password-error")).to.equal(null)
    expect(text(el, "#repeat-error")).to.equal("Пароли не совпадают")
    expect($(el, "#repeat").getAttribute("aria-describedby")).to.equal("repeat-error")
    expect(fake.requestsTo("POST", "/api/v1/auth/invitations/accept")).to.have.length(0)
  })

  it("explains a dead link and offers the sign-in form", async () => {
    fake = installFakeApi({ user: ADMIN_USER })
    const token = await invite(fake)
    fake.directory.invitations[0]!.state = "revoked"
    const el = await mount(token, "en")
    await fill(el, "0123456789", "0123456789")
    await until(() => maybe(el, "[data-code=token_invalid]"), "invalid link")
    expect(text(el, "[role=alert]")).to.equal(
      "This link is invalid, used or expired — ask your administrator for a new one.",
    )
    expect(maybe(el, "form")).to.equal(null)
    const fired = oneEvent(el, NavigateEvent.type)
    $<HTMLButtonElement>(el, "[part=to-login]").click()
    expect(((await fired) as unknown as NavigateEvent).view).to.equal("login")
  })

  it("says the link is invalid when there is no token at all", async () => {
    fake = installFakeApi()
    const el = await mount(undefined)
    expect(text(el, "[role=alert]")).to.contain("Ссылка недействительна")
  })

  it("puts the server's field message next to the password", async () => {
    fake = installFakeApi({ user: ADMIN_USER })
    const token = await invite(fake)
    const realFetch = globalThis.fetch
    // A server with a stricter rule than the form's own check.
    globalThis.fetch = async () =>
      new Response(
        JSON.stringify({ title: "Проверьте данные", status: 400, code: "validation_failed", fields: [{ path: "password", message: "Слишком простой пароль" }] }),
        { status: 400, headers: { "Content-Type": "application/problem+json" } },
      )
    try {
      const el = await mount(token)
      await fill(el, "1111111111", "1111111111")
      await until(() => maybe(el, "#password-error"), "field error")
      expect(text(el, "#password-error")).to.equal("Слишком простой пароль")
    } finally {
      globalThis.fetch = realFetch
    }
  })
})

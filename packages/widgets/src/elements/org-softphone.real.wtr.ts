/// <reference types="mocha" />
// Against the real server (see test-support/real-server.mjs): the credentials endpoint
// (GET /api/v1/telephony/me/sip) and registration over the server's own /sip WebSocket (tunnelled
// by the dev server like the events socket). A server without the telephony API skips them. Calls
// with media run against the SIP harness in test/softphone-calls.test.ts (this group's Chromium
// has no fake audio devices).
import { expect, fixture, html } from "@open-wc/testing"
import { maybe, text, until } from "../test/helpers.js"
import { api, signIn, signOut, uniqueLogin, useDemoUsersAsSeeded, widgetToken } from "../test/real-server.js"
import "./org-softphone.js"
import type { OrgSoftphone } from "./org-softphone.js"

const level = (el: OrgSoftphone) => maybe(el, "[part=status]")?.dataset["level"]

describe("<org-softphone> with the real server", function () {
  this.timeout(20_000)
  useDemoUsersAsSeeded()
  afterEach(() => signOut())

  /**
   * Links a SIP account to the demo operator (as the admin, once), then signs the operator in.
   * Skips the test while the server has no telephony API.
   */
  async function operatorWithAccount(ctx: Mocha.Context): Promise<void> {
    await signIn("admin")
    const accounts = await api<{ items: { userId: string | null }[] }>("GET", "/api/v1/telephony/accounts?limit=100")
    if (accounts.status === 404) {
      await signOut()
      ctx.skip()
    }
    const users = await api<{ items: { id: string; login: string }[] }>("GET", "/api/v1/auth/users")
    const operator = users.body.items.find((u) => u.login === "operator")!
    if (!accounts.body.items.some((a) => a.userId === operator.id)) {
      const created = await api("POST", "/api/v1/telephony/accounts", { username: uniqueLogin("op"), comment: "Оператор линии", userId: operator.id })
      expect(created.status, JSON.stringify(created.body)).to.equal(201)
    }
    await signOut()
    await signIn("operator")
  }

  it("signed out: the server refuses the credentials and the softphone asks to sign in", async () => {
    const el = await fixture<OrgSoftphone>(html`<org-softphone lang="ru"></org-softphone>`)
    await until(() => level(el) === "down" || level(el) === "ok", "an answer", 10_000)
    expect(level(el)).to.equal("down")
    expect(["Войдите, чтобы звонить", "Телефония для вас не настроена"]).to.include(text(el, ".me .sub"))
  })

  it("the operator's softphone gets its credentials with the session cookie and registers over /sip", async function () {
    await operatorWithAccount(this)
    const { body } = await api<{ wsUrl: string; uri: string; password?: string; displayName: string | null }>("GET", "/api/v1/telephony/me/sip")
    expect(body.wsUrl).to.match(/^wss?:\/\/|^\//)
    expect(body.uri).to.match(/^sips?:/)
    const el = await fixture<OrgSoftphone>(html`<org-softphone lang="en"></org-softphone>`)
    await until(() => level(el) === "ok", "registered", 15_000)
    expect(text(el, ".me .sub")).to.equal("Online")
    // the account's comment (the demo tenant's own account for the operator, or the one made above)
    expect(body.displayName).to.be.a("string")
    expect(text(el, ".me .name")).to.contain(body.displayName!)
    expect(el.shadowRoot!.innerHTML).to.not.contain(body.password ?? "\u0000")
  })

  it("with a widget token instead of the cookie, it registers too", async function () {
    await operatorWithAccount(this)
    const token = await widgetToken()
    await signOut()
    const el = await fixture<OrgSoftphone>(html`<org-softphone token=${token}></org-softphone>`)
    await until(() => level(el) === "ok", "registered", 15_000)
  })
})

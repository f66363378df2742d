/// <reference types="mocha" />
import { expect, fixture, html } from "@open-wc/testing"
import { FakeApi, installFakeApi, makeCase } from "../test/fake-api.js"
import { $, maybe, text, type, until } from "../test/helpers.js"
import "./org-console.js"
import type { OrgCaseList } from "./org-case-list.js"
import type { OrgConsole } from "./org-console.js"
import type { OrgLogin } from "./org-login.js"
import type { OrgTopBar } from "./org-top-bar.js"

const login = (el: OrgConsole) => maybe<OrgLogin>(el, "org-login")
const topBar = (el: OrgConsole) => maybe<OrgTopBar>(el, "org-top-bar")
const caseList = (el: OrgConsole) => maybe<OrgCaseList>(el, "org-case-list")

describe("<org-console>", () => {
  let fake: FakeApi
  beforeEach(() => localStorage.removeItem("org.lang"))
  afterEach(() => {
    fake?.restore()
    localStorage.removeItem("org.lang")
  })

  it("shows the sign-in form, then the cases, and the form again after sign-out", async () => {
    fake = installFakeApi({ cases: [makeCase({ title: "Первое обращение" })] })
    const el = await fixture<OrgConsole>(html`<org-console></org-console>`)
    await until(() => login(el), "login form")
    const form = login(el)!
    await form.updateComplete
    type($(form, "input[name=login]"), "operator")
    type($(form, "input[name=password]"), "secret")
    $<HTMLButtonElement>(form, "button[type=submit]").click()

    await until(() => caseList(el) && topBar(el), "app")
    const list = caseList(el)!
    await until(() => maybe(list, "tbody tr"), "rows")
    expect(text(list, "tbody")).to.contain("Первое обращение")
    // The list uses the console's client: cookie session, no widget token.
    expect(fake.requestsTo("GET", "/api/v1/cases")[0]!.headers.has("authorization")).to.equal(false)
    const bar = topBar(el)!
    await until(() => maybe(bar, "[part=user]"), "user in top bar")
    expect(text(bar, "[part=user]")).to.contain("Анна Петрова")

    $<HTMLButtonElement>(bar, "[part=logout]").click()
    await until(() => login(el), "login form after logout")
    expect(fake.requestsTo("POST", "/api/v1/auth/logout")).to.have.length(1)
    expect(fake.signedIn).to.equal(false)
    expect(caseList(el)).to.equal(null)
  })

  it("goes straight to the cases with a live session and shares one events socket", async () => {
    fake = installFakeApi({ signedIn: true, cases: [makeCase({ title: "Есть сессия" })] })
    const el = await fixture<OrgConsole>(html`<org-console></org-console>`)
    await until(() => caseList(el), "case list")
    expect(login(el)).to.equal(null)
    await fake.subscribed("case.created")
    expect(fake.sockets).to.have.length(1)
    fake.createFromOtherClient({ title: "Живое" })
    const list = caseList(el)!
    await until(() => text(list, "tbody").includes("Живое"), "live case")
  })

  it("switches every widget between Russian and English and remembers the choice", async () => {
    fake = installFakeApi({ signedIn: true, cases: [makeCase({ status: "new" })] })
    const el = await fixture<OrgConsole>(html`<org-console></org-console>`)
    await until(() => caseList(el) && maybe(caseList(el)!, "tbody tr"), "rows")
    const list = caseList(el)!
    const bar = topBar(el)!
    expect(text(el, ".page-title")).to.equal("Обращения")
    expect(text(list, "[part=badge]")).to.equal("Новое")

    const langSwitch = $(bar, "org-lang-switch")
    langSwitch.shadowRoot!.querySelector<HTMLButtonElement>("button[data-lang=en]")!.click()
    await until(() => text(list, "[part=badge]") === "New", "English list")
    expect(text(el, ".page-title")).to.equal("Cases")
    expect(text(bar, "[part=logout]")).to.equal("Sign out")
    expect(text(list, "button[type=submit]")).to.equal("Create")
    expect(el.lang).to.equal("en")
    expect(localStorage.getItem("org.lang")).to.equal("en")

    const again = await fixture<OrgConsole>(html`<org-console></org-console>`)
    await until(() => caseList(again), "second console")
    expect(text(again, ".page-title")).to.equal("Cases")
  })

  it("offers a retry when the server cannot be reached", async () => {
    fake = installFakeApi({ signedIn: true })
    fake.restore()
    const realFetch = globalThis.fetch
    globalThis.fetch = () => Promise.reject(new TypeError("Failed to fetch"))
    let el!: OrgConsole
    try {
      el = await fixture<OrgConsole>(html`<org-console lang="en"></org-console>`)
      await until(() => maybe(el, "[role=alert]"), "error")
      expect(text(el, "[role=alert]")).to.contain("Cannot reach the server")
    } finally {
      globalThis.fetch = realFetch
    }
    fake.install()
    $<HTMLButtonElement>(el, "button").click()
    await until(() => caseList(el), "app after retry")
  })
})

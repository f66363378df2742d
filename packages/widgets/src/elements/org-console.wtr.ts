/// <reference types="mocha" />
import { expect, fixture, html } from "@open-wc/testing"
import { ApiClient } from "../api/client.js"
import { ADMIN_USER, DEMO_USER, FakeApi, installFakeApi, makeCase } from "../test/fake-api.js"
import { type FakeCaseCard, installFakeCaseCard } from "../test/fake-case-card.js"
import { $, $$, maybe, text, type, until } from "../test/helpers.js"
import "./org-console.js"
import type { OrgCaseCard } from "./org-case-card.js"
import type { OrgCaseList } from "./org-case-list.js"
import type { OrgConsole } from "./org-console.js"
import type { OrgLogin } from "./org-login.js"
import type { OrgTopBar } from "./org-top-bar.js"
import { CallRingingEvent, SoftphoneStatusEvent } from "../lib/softphone-events.js"

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
    expect(text(el, "[part=new-case]")).to.equal("+ New case")
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

describe("<org-console> views", () => {
  let fake: FakeApi
  const start = location.href
  afterEach(() => {
    fake?.restore()
    history.replaceState(null, "", start)
  })

  const navLinks = (el: OrgConsole) => $$<HTMLAnchorElement>(el, "[part=nav-link]")
  const current = (el: OrgConsole) => navLinks(el).find((a) => a.getAttribute("aria-current") === "page")?.dataset["view"]

  it("switches between Cases and Account; the user's name in the top bar opens Account", async () => {
    fake = installFakeApi({ signedIn: true, cases: [makeCase({ title: "Дело" })] })
    const el = await fixture<OrgConsole>(html`<org-console lang="en"></org-console>`)
    await until(() => caseList(el), "app")
    expect(navLinks(el).map((a) => a.textContent!.trim())).to.deep.equal(["Cases", "Account"])
    expect(current(el)).to.equal("cases")

    const bar = topBar(el)!
    await until(() => maybe(bar, "[part=user]"), "user")
    const user = $<HTMLButtonElement>(bar, "[part=user]")
    expect(user.localName).to.equal("button") // keyboard-operable
    user.click()
    await until(() => maybe(el, "org-account"), "account")
    expect(current(el)).to.equal("account")
    expect(location.hash).to.equal("#account")
    expect(text(el, "[data-view=account] .page-title")).to.equal("Account")
    // The cases stay mounted (typed text kept), just hidden.
    expect(caseList(el)!.closest("section")!.hidden).to.equal(true)

    $<HTMLAnchorElement>(el, "[data-view=account] .back").click()
    await until(() => maybe(el, "org-account") === null, "back to cases")
    expect(current(el)).to.equal("cases")
    expect(caseList(el)!.closest("section")!.hidden).to.equal(false)
  })

  it("shows Administration to admins only", async () => {
    fake = installFakeApi({ signedIn: true })
    history.replaceState(null, "", "#admin")
    const el = await fixture<OrgConsole>(html`<org-console></org-console>`)
    await until(() => caseList(el), "app")
    expect(navLinks(el).map((a) => a.dataset["view"])).to.deep.equal(["cases", "account"])
    expect(maybe(el, "org-admin")).to.equal(null) // #admin means nothing to an operator
    fake.restore()

    fake = installFakeApi({ signedIn: true, user: ADMIN_USER })
    const admin = await fixture<OrgConsole>(html`<org-console></org-console>`)
    await until(() => maybe(admin, "org-admin"), "admin view")
    expect(navLinks(admin).map((a) => a.dataset["view"])).to.deep.equal(["cases", "dashboard", "dictionaries", "calls", "account", "admin"])
    expect(current(admin)).to.equal("admin")
    navLinks(admin)[0]!.click()
    await until(() => maybe(admin, "org-admin") === null, "cases again")
    expect(location.hash).to.equal("#cases")
  })

  it("fits the navigation into 400px", async () => {
    fake = installFakeApi({ signedIn: true, user: ADMIN_USER })
    const box = await fixture<HTMLDivElement>(html`<div style="width: 400px"><org-console></org-console></div>`)
    const el = box.querySelector("org-console")!
    await until(() => caseList(el), "app")
    const nav = $(el, ".nav-inner")
    expect(nav.scrollWidth).to.be.at.most(nav.clientWidth)
    for (const a of navLinks(el)) expect(a.getBoundingClientRect().right).to.be.at.most(box.getBoundingClientRect().right + 0.5)
  })

  it("returns to the sign-in form with a note when the events socket is closed with 4401", async () => {
    fake = installFakeApi({ signedIn: true, cases: [makeCase()] })
    const el = await fixture<OrgConsole>(html`<org-console lang="en"></org-console>`)
    await until(() => caseList(el), "app")
    const socket = await fake.subscribed("case.created")
    fake.endSession()
    socket.serverClose(4401)
    await until(() => login(el), "login form")
    const form = login(el)!
    await form.updateComplete
    expect(text(form, "[part=notice]")).to.equal("Your session has ended. Please sign in again.")
    expect($<HTMLInputElement>(form, "input[name=login]").value).to.equal("operator")
    expect(fake.sockets).to.have.length(0)
    // Signing in again brings the app (and a new socket) back.
    type($(form, "input[name=password]"), "secret")
    $<HTMLButtonElement>(form, "button[type=submit]").click()
    await until(() => caseList(el), "app again")
    await fake.subscribed("case.created")
  })

  it("returns to the sign-in form when an API call answers 401", async () => {
    fake = installFakeApi({ signedIn: true })
    const el = await fixture<OrgConsole>(html`<org-console></org-console>`)
    await until(() => caseList(el), "app")
    fake.endSession()
    el.navigate("account") // its sessions call now gets a 401
    await until(() => login(el), "login form")
    await login(el)!.updateComplete
    expect(text(login(el)!, "[part=notice]")).to.equal("Сеанс завершён. Войдите снова.")
  })

  it("signs out without the session-ended note", async () => {
    fake = installFakeApi({ signedIn: true })
    const el = await fixture<OrgConsole>(html`<org-console></org-console>`)
    await until(() => caseList(el), "app")
    await fake.subscribed("case.created")
    await el.logout()
    await until(() => login(el), "login")
    await login(el)!.updateComplete
    expect(maybe(login(el)!, "[part=notice]")).to.equal(null)
  })
})

describe("<org-console> at /invite#<token>", () => {
  let fake: FakeApi
  const start = location.href
  afterEach(() => {
    fake?.restore()
    history.replaceState(null, "", start)
  })

  async function invitation(): Promise<string> {
    fake.signedIn = true
    const { token } = await new ApiClient().createInvitation({ login: "ivan", name: "Иван", roles: ["operator"] })
    fake.signedIn = false
    return token
  }

  it("sets the password, forgets the token, then signs in with the login filled in", async () => {
    fake = installFakeApi({ user: ADMIN_USER })
    const token = await invitation()
    history.replaceState(null, "", `/invite${location.search}#${token}`)
    const el = await fixture<OrgConsole>(html`<org-console lang="en"></org-console>`)
    await until(() => maybe(el, "org-invite-accept"), "invite form")
    expect(login(el)).to.equal(null)
    // The token is gone from the address bar (and from history).
    expect(location.hash).to.equal("")
    expect(location.pathname).to.equal("/")
    expect(fake.requestsTo("GET", "/api/v1/auth/me")).to.have.length(0)

    const accept = $(el, "org-invite-accept") as HTMLElement & { updateComplete: Promise<unknown> }
    await accept.updateComplete
    expect(text(accept, "h1")).to.equal("Set your password")
    type($(accept, "input[name=password]"), "ivans-password")
    type($(accept, "input[name=repeat]"), "ivans-password")
    $<HTMLButtonElement>(accept, "button[type=submit]").click()

    await until(() => login(el), "login form")
    const form = login(el)!
    await form.updateComplete
    expect(text(form, "[part=notice]")).to.equal("Your password is set. Sign in with your login.")
    expect($<HTMLInputElement>(form, "input[name=login]").value).to.equal("ivan")
    expect(form.shadowRoot!.activeElement).to.equal($(form, "input[name=password]"))
    type($(form, "input[name=password]"), "ivans-password")
    $<HTMLButtonElement>(form, "button[type=submit]").click()
    await until(() => caseList(el), "app")
    await until(() => maybe(topBar(el)!, "[part=user]"), "user")
    expect(text(topBar(el)!, "[part=user] .name")).to.equal("Иван")
  })

  it("offers the sign-in form when the link is dead", async () => {
    fake = installFakeApi()
    history.replaceState(null, "", `/invite${location.search}#not-a-real-token-at-all`)
    const el = await fixture<OrgConsole>(html`<org-console></org-console>`)
    await until(() => maybe(el, "org-invite-accept"), "invite form")
    const accept = $(el, "org-invite-accept")
    type($(accept, "input[name=password]"), "0123456789")
    type($(accept, "input[name=repeat]"), "0123456789")
    $<HTMLButtonElement>(accept, "button[type=submit]").click()
    await until(() => maybe(accept, "[part=to-login]"), "dead link")
    $<HTMLButtonElement>(accept, "[part=to-login]").click()
    await until(() => login(el), "login form")
  })

  it("opens as usual at /invite without a token", async () => {
    fake = installFakeApi({ signedIn: true })
    history.replaceState(null, "", `/invite${location.search}`)
    const el = await fixture<OrgConsole>(html`<org-console></org-console>`)
    await until(() => caseList(el), "app")
  })
})


describe("<org-console> cases section", () => {
  let fake: FakeApi
  let desk: FakeCaseCard
  const start = location.href
  afterEach(() => {
    desk?.restore()
    fake?.restore()
    history.replaceState(null, "", start)
  })

  const card = (el: OrgConsole) => maybe<OrgCaseCard>(el, "org-case-card")

  async function openConsole(user = DEMO_USER, lang = "en"): Promise<OrgConsole> {
    fake = installFakeApi({ signedIn: true, user })
    desk = installFakeCaseCard(fake)
    return fixture<OrgConsole>(html`<org-console lang=${lang}></org-console>`)
  }

  it("opens a case from the list at #cases/<id>; Back and the back link return to the list", async () => {
    history.replaceState(null, "", "#cases")
    fake = installFakeApi({ signedIn: true })
    desk = installFakeCaseCard(fake)
    const c = desk.addCase({ title: "Эвакуатор с МКАД" })
    const el = await fixture<OrgConsole>(html`<org-console lang="en"></org-console>`)
    await until(() => caseList(el) && maybe(caseList(el)!, `tr[data-id="${c.id}"]`), "row")
    $<HTMLElement>(caseList(el)!, `tr[data-id="${c.id}"]`).click()
    await until(() => card(el) && maybe(card(el)!, "[part=header]"), "card")
    expect(location.hash).to.equal(`#cases/${c.id}`)
    expect(card(el)!.caseId).to.equal(c.id)
    expect(caseList(el)!.closest("[hidden]")).to.not.equal(null) // kept mounted, hidden
    // The card uses the console's client: cookie, no token.
    expect(desk.requestsTo("GET", `/${c.id}/moves`)[0]!.headers.has("authorization")).to.equal(false)

    history.back()
    await until(() => card(el) === null, "back to the list")
    expect(location.hash).to.equal("#cases")
    expect(caseList(el)!.closest("[hidden]")).to.equal(null)
    history.forward()
    await until(() => card(el), "forward to the case")

    $<HTMLAnchorElement>(el, "[part=back]").click()
    await until(() => card(el) === null, "back link")
    expect(location.hash).to.equal("#cases")
  })

  it("opens the case named by the address on load", async () => {
    fake = installFakeApi({ signedIn: true })
    desk = installFakeCaseCard(fake)
    const c = desk.addCase({ title: "Из закладки" })
    history.replaceState(null, "", `#cases/${c.id}`)
    const el = await fixture<OrgConsole>(html`<org-console></org-console>`)
    await until(() => card(el) && maybe(card(el)!, "[part=header]"), "card")
    expect(text(card(el)!, "h1")).to.equal("Из закладки")
  })

  it("creates a case with the new-case form and opens it", async () => {
    history.replaceState(null, "", "#cases")
    const el = await openConsole()
    await until(() => maybe(el, "[part=new-case]"), "new case button")
    $<HTMLButtonElement>(el, "[part=new-case]").click()
    await until(() => maybe(el, "org-case-create"), "form")
    expect(location.hash).to.equal("#cases/new")
    const form = $(el, "org-case-create")
    await until(() => maybe(form, 'input[name="type"][value="hotline"]'), "types")
    $<HTMLInputElement>(form, 'input[name="type"][value="roadside"]').click()
    await until(() => maybe(form, '[data-field="fault"] textarea'), "required fields")
    type($(form, '[data-field="fault"] textarea'), "Не заводится")
    type($(form, "input[name=applicantPhone]"), "+7 916 000-11-22")
    $<HTMLButtonElement>(form, "[part=submit]").click()
    await until(() => card(el) && maybe(card(el)!, "[part=header]"), "the new case")
    const created = desk.cases[0]!
    expect(location.hash).to.equal(`#cases/${created.id}`)
    expect(created.values["fault"]).to.equal("Не заводится")
    expect(maybe(el, "org-case-create")).to.equal(null)
  })

  it("shows Dashboard, Reference books and Calls to supervisors and admins only", async () => {
    history.replaceState(null, "", "#dashboard")
    let el = await openConsole(DEMO_USER)
    await until(() => caseList(el), "app")
    expect($$<HTMLAnchorElement>(el, "[part=nav-link]").map((a) => a.dataset["view"])).to.deep.equal(["cases", "account"])
    expect(maybe(el, "org-case-dashboard")).to.equal(null)
    desk.restore()
    fake.restore()

    el = await openConsole(ADMIN_USER)
    await until(() => maybe(el, "org-case-dashboard"), "dashboard")
    expect(text(el, "[data-view=dashboard] .page-title")).to.equal("Dashboard")
    $<HTMLAnchorElement>(el, '[part=nav-link][data-view="dictionaries"]').click()
    await until(() => maybe(el, "org-dictionary-editor"), "reference books")
    expect(location.hash).to.equal("#dictionaries")
    expect(text(el, "[data-view=dictionaries] .page-title")).to.equal("Reference books")
    $<HTMLAnchorElement>(el, '[part=nav-link][data-view="calls"]').click()
    await until(() => maybe(el, "org-telephony-calls"), "call records")
    expect(location.hash).to.equal("#calls")
    expect(text(el, "[data-view=calls] .page-title")).to.equal("Calls")
  })

  it("docks the softphone: the phone shows in the nav only for users with a SIP account; the button and a ringing call open it", async () => {
    fake = installFakeApi({ signedIn: true })
    const el = await fixture<OrgConsole>(html`<org-console></org-console>`)
    await until(() => caseList(el), "app")
    const phone = $(el, "org-softphone")
    const dock = $(el, "[part=phone-dock]")
    // no SIP account here (the fake answers me/sip with 404): no phone in the nav, no dock
    await until(() => fake.requestsTo("GET", "/api/v1/telephony/me/sip").length > 0, "credentials asked")
    await el.updateComplete
    expect(maybe(el, "[part=phone-toggle]")).to.equal(null)
    expect(dock.hidden).to.equal(true)
    // with one, it shows the phone's state
    phone.dispatchEvent(new SoftphoneStatusEvent("ok", "В сети", true))
    await el.updateComplete
    const toggle = $<HTMLButtonElement>(el, "[part=phone-toggle]")
    expect(toggle.querySelector(".phone-dot")!.getAttribute("data-level")).to.equal("ok")
    expect(toggle.title).to.equal("В сети")
    expect(toggle.getAttribute("aria-expanded")).to.equal("false")
    toggle.click()
    await el.updateComplete
    expect(dock.hidden).to.equal(false)
    expect(toggle.getAttribute("aria-expanded")).to.equal("true")
    toggle.click()
    await el.updateComplete
    expect(dock.hidden).to.equal(true)
    // the phone stays mounted (registered) while hidden; a call ringing opens the dock
    expect($(el, "org-softphone")).to.equal(phone)
    phone.dispatchEvent(new CallRingingEvent({ callId: "c1", direction: "incoming", number: "101", name: undefined }))
    await el.updateComplete
    expect(dock.hidden).to.equal(false)
  })
})

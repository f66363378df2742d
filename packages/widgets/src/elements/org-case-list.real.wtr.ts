/// <reference types="mocha" />
// Against the real server (see test-support/real-server.mjs).
import { expect, fixture, html } from "@open-wc/testing"
import { $, $$, maybe, text, type, until } from "../test/helpers.js"
import { api, signIn, signOut, uniqueLogin, useDemoUsersAsSeeded, widgetToken } from "../test/real-server.js"
import "./org-case-list.js"
import type { OrgCaseList } from "./org-case-list.js"

// The demo desk has a month of history besides these; other suites add cases: a page of 200 holds them all.
const DEMO_TITLES = [
  "Кофемашина №17: ошибка нагрева",
  "Горячая линия: вызов врача на дом",
  "Эвакуатор: не заводится, Kia Rio, МКАД 41 км",
]

async function loaded(el: OrgCaseList): Promise<void> {
  await until(() => maybe(el, "table") || maybe(el, "[part=empty]") || maybe(el, "[part=error]"), "first load", 10_000)
}

const titles = (el: OrgCaseList) => $$(el, "tbody tr[part=row] .c-title").map((c) => c.textContent!.trim())

async function create(el: OrgCaseList, title: string, phone = ""): Promise<void> {
  type($(el, "input[name=title]"), title)
  type($(el, "input[name=applicantPhone]"), phone)
  $<HTMLButtonElement>(el, "button[type=submit]").click()
  await el.updateComplete
}

describe("<org-case-list> with the real server", function () {
  this.timeout(20_000)
  useDemoUsersAsSeeded() // the demo operator and supervisor as seeded (another file changes them)
  afterEach(() => signOut())

  it("lists the demo cases with the session and shows dates in the tenant's time zone", async () => {
    await signIn("operator")
    const el = await fixture<OrgCaseList>(html`<org-case-list lang="ru" page-size="200"></org-case-list>`)
    await loaded(el)
    for (const title of DEMO_TITLES) expect(titles(el).some((t) => t.includes(title)), title).to.equal(true) // a flagged row also names its flag
    const rows = $$(el, "tbody tr[part=row]")
    const demo = rows.find((r) => r.querySelector(".c-title")!.textContent!.includes("Kia Rio"))!
    expect(demo.querySelector(".c-phone")!.textContent!.trim()).to.equal("+79165551234")
    const time = demo.querySelector("time")!
    const moscow = new Intl.DateTimeFormat("ru", { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Moscow" })
    expect(time.textContent!.trim()).to.equal(moscow.format(new Date(time.dateTime)))
  })

  it("creates a case, and puts the server's validation message on the right field", async () => {
    await signIn("operator")
    const el = await fixture<OrgCaseList>(html`<org-case-list lang="en"></org-case-list>`)
    await loaded(el)

    await create(el, "x".repeat(301))
    await until(() => maybe(el, "#title-error"), "title error", 10_000)
    expect(text(el, "#title-error")).to.contain("300")
    expect($(el, "input[name=title]").getAttribute("aria-invalid")).to.equal("true")
    expect(maybe(el, "#applicantPhone-error")).to.equal(null)

    const title = `Real server case ${uniqueLogin("c")}`
    await create(el, title, "+7 916 000-11-22")
    await until(() => titles(el)[0] === title, "created row", 10_000)
    expect(maybe(el, "#title-error")).to.equal(null)
    const listed = await api<{ items: { title: string; applicantPhone: string }[] }>("GET", "/api/v1/cases?limit=100")
    expect(listed.body.items.find((c) => c.title === title)).to.not.equal(undefined)
  })

  it("works standalone with a widget token, live updates included", async () => {
    await signIn("operator")
    const token = await widgetToken()
    await signOut() // the widget must not lean on the cookie
    const el = await fixture<OrgCaseList>(html`<org-case-list token=${token} lang="ru" page-size="200"></org-case-list>`)
    await loaded(el)
    for (const title of DEMO_TITLES) expect(titles(el).some((t) => t.includes(title)), title).to.equal(true) // a flagged row also names its flag

    const mine = `Через токен ${uniqueLogin("t")}`
    await create(el, mine)
    await until(() => titles(el)[0] === mine, "created with the token", 10_000)

    // Another client (a console session) creates a case: it arrives over the proxied socket.
    await signIn("supervisor")
    const other = `С другого пульта ${uniqueLogin("o")}`
    const created = await api("POST", "/api/v1/cases", { title: other })
    expect(created.status).to.equal(201)
    await until(() => titles(el).includes(other), "live case", 10_000)
    expect(titles(el).filter((t) => t === mine)).to.have.length(1)
  })

  it("tells a refused token apart from network trouble (the socket closes with 4401)", async () => {
    const el = await fixture<OrgCaseList>(html`<org-case-list token="not-a-valid-token" lang="en"></org-case-list>`)
    await loaded(el)
    expect(text(el, "[part=error]")).to.contain("Could not load cases")
    await until(() => maybe(el, "[part=notice]"), "unauthorized notice", 10_000)
    expect(text(el, "[part=notice]")).to.contain("Access has expired")
  })
})

/// <reference types="mocha" />
import { expect, fixture, html } from "@open-wc/testing"
import { ADMIN_USER } from "../test/fake-api.js"
import { installFakeTelephony, type FakeTelephony, type FakeTelephonyOptions } from "../test/fake-telephony.js"
import { $, $$, maybe, text, textOf, type, until } from "../test/helpers.js"
import type { OrgTelephonyMembers } from "./org-telephony-members.js"
import "./org-telephony-extensions.js"
import type { OrgTelephonyExtensions } from "./org-telephony-extensions.js"

const EXTENSIONS = "/api/v1/telephony/extensions"
const ACCOUNTS = [
  { username: "alice", comment: "Ресепшен, Алиса" },
  { username: "bob", comment: "Боб" },
  { username: "carol" },
  { username: "dave", comment: "Дейв", blocked: true },
]

let fake: FakeTelephony

function install(options: FakeTelephonyOptions = {}): FakeTelephony {
  fake = installFakeTelephony({ user: ADMIN_USER, sipAccounts: ACCOUNTS, ...options })
  return fake
}

async function mount(lang = "ru"): Promise<OrgTelephonyExtensions> {
  const el = await fixture<OrgTelephonyExtensions>(html`<org-telephony-extensions lang=${lang} token="test-token"></org-telephony-extensions>`)
  await until(() => maybe(el, "table") || maybe(el, "[part=empty]") || maybe(el, "[part=error]"), "extensions list")
  return el
}

const row = (el: OrgTelephonyExtensions, number: string) => $$(el, "tbody tr[part=row]").find((r) => r.dataset["number"] === number)!

/** The picker of the create form (`scope` "[part=form]") or of the edit panel ("[part=edit-form]"). */
async function picker(el: OrgTelephonyExtensions, scope: string): Promise<OrgTelephonyMembers> {
  const p = $(el, `${scope} org-telephony-members`) as OrgTelephonyMembers
  await p.updateComplete
  return p
}

function pick(p: OrgTelephonyMembers, username: string): void {
  const option = $$<HTMLInputElement>(p, "[part=member-option]").find((o) => o.value === fake.account(username).id)!
  option.click()
}

describe("<org-telephony-extensions>", () => {
  afterEach(() => fake?.restore())

  it("lists numbers with their members by display name, marking blocked, deleted and unreachable ones", async () => {
    install({
      extensions: [
        { number: "200", name: "Склад", members: ["dave"] },
        { number: "100", name: "Ресепшен", members: ["alice", "carol", "dave", "0190f3a4-0000-7000-8000-00000000dead"] },
      ],
    })
    const el = await mount()
    expect($$(el, "tbody tr[part=row]").map((r) => r.dataset["number"])).to.deep.equal(["100", "200"])
    const members = $$(el, "tbody tr[data-number='100'] [part=member]").map((m) => textOf(m))
    expect(members).to.deep.equal(["Ресепшен, Алиса", "carol", "Дейв(Заблокирована)", "удалённая учётная запись"])
    expect(row(el, "100").querySelector("[part=nobody]")).to.equal(null)
    expect(textOf(row(el, "200").querySelector("[part=nobody]")!)).to.equal("Некому звонить")
  })

  it("creates a number with two members picked from the accounts", async () => {
    install()
    const el = await mount("en")
    expect(text(el, "[part=empty]")).to.contain("No short numbers yet")
    $<HTMLButtonElement>(el, "[part=submit]").click()
    await el.updateComplete
    expect(text(el, "#f-number-error")).to.equal("Fill in this field")
    const p = await picker(el, "[part=form]")
    expect(text(p, "[part=field-error]")).to.equal("Pick at least one account")
    expect(el.shadowRoot!.activeElement).to.equal($(el, "input[name=number]"))

    type($(el, "input[name=number]"), "10a")
    $<HTMLButtonElement>(el, "[part=submit]").click()
    await el.updateComplete
    expect(text(el, "#f-number-error")).to.equal("Digits only, 1 to 20")

    type($(el, "input[name=number]"), "100")
    type($(el, "input[name=name]"), "Reception")
    // The search box narrows the list; picked ones become chips.
    type($(p, "[part=member-filter]"), "бо")
    await p.updateComplete
    expect($$(p, "[part=member-option]")).to.have.length(1)
    pick(p, "bob")
    type($(p, "[part=member-filter]"), "")
    await p.updateComplete
    pick(p, "alice")
    pick(p, "carol")
    await p.updateComplete
    expect($$(p, "[part=member-chip]").map((c) => c.dataset["id"])).to.deep.equal(["bob", "alice", "carol"].map((u) => fake.account(u).id))
    expect(maybe(p, "[part=field-error]")).to.equal(null)
    // A chip's × removes it; focus moves to the next chip.
    $$<HTMLButtonElement>(p, "[part=member-remove]")[2]!.click()
    await p.updateComplete
    expect($$(p, "[part=member-chip]")).to.have.length(2)
    expect(text(p, "#members-count")).to.equal("Selected: 2 of 50")

    $<HTMLButtonElement>(el, "[part=submit]").click()
    await until(() => row(el, "100"), "created")
    expect(fake.requestsTo("POST", EXTENSIONS)[0]!.body).to.deep.equal({
      number: "100",
      name: "Reception",
      members: [fake.account("bob").id, fake.account("alice").id],
    })
    expect(textOf(row(el, "100"))).to.contain("Боб")
    expect(text(el, "[role=status]")).to.equal("Number 100 created")
    expect($<HTMLInputElement>(el, "input[name=number]").value).to.equal("")
    await p.updateComplete
    expect($$(p, "[part=member-chip]")).to.have.length(0)

    // The same number again: 409 at the number field.
    type($(el, "input[name=number]"), "100")
    pick(p, "carol")
    $<HTMLButtonElement>(el, "[part=submit]").click()
    await until(() => maybe(el, "#f-number-error"), "taken")
    expect(text(el, "#f-number-error")).to.equal("Value is already taken")
  })

  it("puts a member the server does not know at the members field", async () => {
    install()
    const el = await mount("ru")
    type($(el, "input[name=number]"), "300")
    const p = await picker(el, "[part=form]")
    pick(p, "alice")
    fake.accounts.splice(0, 1) // alice is deleted meanwhile
    $<HTMLButtonElement>(el, "[part=submit]").click()
    await until(() => maybe(p, "[part=field-error]"), "members error")
    expect(text(p, "[part=field-error]")).to.equal("SIP-учётная запись не найдена")
  })

  it("edits a number's name and members with its version, and deletes another after confirming", async () => {
    install({ extensions: [{ number: "100", name: "Reception", members: ["alice", "bob"] }, { number: "200", members: ["carol"] }] })
    const el = await mount("en")
    row(el, "100").querySelector<HTMLButtonElement>("[part=edit]")!.click()
    await until(() => maybe(el, "[part=edit-form]"), "edit panel")
    expect($<HTMLInputElement>(el, "#e-number").value).to.equal("100")
    type($(el, "#e-name"), "Front desk")
    const p = await picker(el, "[part=edit-form]")
    expect($$(p, "[part=member-chip]")).to.have.length(2)
    $$<HTMLButtonElement>(p, "[part=member-remove]")[0]!.click()
    pick(p, "carol")
    $<HTMLButtonElement>(el, "[part=save]").click()
    await until(() => !maybe(el, "[part=edit-form]"), "saved")
    const ext = fake.extensions.find((e) => e.number === "100")!
    expect(fake.requestsTo("PUT", `${EXTENSIONS}/${ext.id}`)[0]!.body).to.deep.equal({
      number: "100",
      name: "Front desk",
      members: [fake.account("bob").id, fake.account("carol").id],
      version: 1,
    })
    expect(textOf(row(el, "100"))).to.contain("Front desk")
    expect(el.shadowRoot!.activeElement).to.equal(row(el, "100").querySelector("[part=edit]"))

    row(el, "200").querySelector<HTMLButtonElement>("[part=delete]")!.click()
    await el.updateComplete
    expect(text(el, "[part=confirm]")).to.contain("Delete number 200?")
    $<HTMLButtonElement>(el, "[part=confirm-yes]").click()
    await until(() => !row(el, "200"), "deleted")
    expect(fake.extensions.map((e) => e.number)).to.deep.equal(["100"])
  })

  it("finds numbers by number, name or member", async () => {
    install({ extensions: [{ number: "100", name: "Reception", members: ["alice"] }, { number: "200", name: "Stock", members: ["bob"] }] })
    const el = await mount("en")
    type($(el, "[part=search]"), "боб")
    await el.updateComplete
    expect($$(el, "tbody tr[part=row]").map((r) => r.dataset["number"])).to.deep.equal(["200"])
    type($(el, "[part=search]"), "10")
    await el.updateComplete
    expect($$(el, "tbody tr[part=row]").map((r) => r.dataset["number"])).to.deep.equal(["100"])
    type($(el, "[part=search]"), "zzz")
    await el.updateComplete
    expect(text(el, "[part=empty]")).to.equal("Nothing found")
  })

  it("tells where to create accounts when there are none", async () => {
    install({ sipAccounts: [] })
    const el = await mount("en")
    const p = await picker(el, "[part=form]")
    expect(text(p)).to.contain("create them on the “SIP accounts” tab")
  })
})

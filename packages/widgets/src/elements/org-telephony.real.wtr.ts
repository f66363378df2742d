/// <reference types="mocha" />
// Against the real server (see test-support/real-server.mjs): the virtual PBX tabs of the
// administration — a SIP account created (its password shown once), blocked, unblocked, given a
// new password and a new comment; a short number with two members; the call records with their
// filters in the request — each checked on the server itself.
import { expect, fixture, html } from "@open-wc/testing"
import type { CallPage, Extension, SipAccount, SipAccountPage } from "../api/telephony.js"
import { $, $$, maybe, text, textOf, type, until } from "../test/helpers.js"
import { api, signIn, signOut, useDemoUsersAsSeeded } from "../test/real-server.js"
import type { OrgTelephonyAccountEdit } from "./org-telephony-account-edit.js"
import type { OrgTelephonyMembers } from "./org-telephony-members.js"
import "./org-admin.js"
import type { OrgAdmin } from "./org-admin.js"
import type { OrgCopyField } from "./org-copy-field.js"
import type { OrgTelephonyAccounts } from "./org-telephony-accounts.js"
import "./org-telephony-calls.js"
import type { OrgTelephonyCalls } from "./org-telephony-calls.js"
import type { OrgTelephonyExtensions } from "./org-telephony-extensions.js"

const T = "/api/v1/telephony"

/** A SIP username nobody has yet (the server lives for the whole wtr run). */
const uniqueSip = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`

async function tab<E extends HTMLElement>(name: string, tag: string, lang = "en"): Promise<E> {
  const admin = await fixture<OrgAdmin>(html`<org-admin tab=${name} lang=${lang}></org-admin>`)
  await until(() => maybe(admin, tag), tag)
  const el = $<E>(admin, tag)
  await until(() => maybe(el, "table") || maybe(el, "[part=empty]") || maybe(el, "[part=error]"), `${tag} list`, 10_000)
  expect(maybe(el, "[part=error]"), `${tag} loads`).to.equal(null)
  return el
}

async function account(username: string): Promise<SipAccount> {
  const { status, body } = await api<SipAccountPage>("GET", `${T}/accounts?q=${encodeURIComponent(username)}`)
  expect(status).to.equal(200)
  const found = body.items.find((a) => a.username === username)
  if (!found) throw new Error(`no account ${username} on the server`)
  return found
}

/** Records the URLs the page fetches until `stop` is called. */
function recordFetches(): { urls: string[]; stop: () => void } {
  const urls: string[] = []
  const original = window.fetch
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(new URL(input instanceof Request ? input.url : String(input), location.href).toString())
    return original(input, init)
  }
  return { urls, stop: () => void (window.fetch = original) }
}

describe("the PBX tabs of <org-admin> with the real server", function () {
  this.timeout(30_000)
  useDemoUsersAsSeeded() // the supervisor reads calls below
  afterEach(() => signOut())

  it("creates a SIP account (password shown once), blocks, unblocks, resets its password and edits its comment", async () => {
    await signIn("admin")
    const el = await tab<OrgTelephonyAccounts>("sip-accounts", "org-telephony-accounts", "ru")
    const submit = () => $<HTMLButtonElement>(el, "[part=form] button[type=submit]").click()

    // The server's field errors, in Russian, at their fields.
    type($(el, "input[name=username]"), "bad name")
    type($(el, "input[name=password]"), "short")
    submit()
    await until(() => maybe(el, "#f-password-error"), "field errors", 10_000)
    expect(text(el, "#f-username-error")).to.contain("латинских букв")
    expect(text(el, "#f-password-error")).to.contain("SIP-пароль")

    const username = uniqueSip("reception")
    type($(el, "input[name=username]"), username)
    type($(el, "input[name=password]"), "")
    type($(el, "input[name=comment]"), "Ресепшен, Иванова")
    submit()
    await until(() => maybe(el, "[part=secret]"), "password shown", 10_000)
    expect(text(el, "[part=secret]")).to.contain("больше он показан не будет")
    const password = $<OrgCopyField>(el, "[part=secret] org-copy-field").value
    expect(password).to.match(/^[A-Za-z0-9]{20}$/)
    const created = await account(username)
    expect(created.comment).to.equal("Ресепшен, Иванова")
    expect(JSON.stringify(created)).to.not.contain(password) // never again from the server
    expect(text(el, "[data-domain]")).to.contain(created.domain)
    $<HTMLButtonElement>(el, "[part=secret-done]").click()
    await el.updateComplete
    expect(maybe(el, "[part=secret]")).to.equal(null)

    // Find it (the list may hold other files' accounts) and block it after confirming.
    type($(el, "[part=search]"), username)
    await until(() => $$(el, "tbody tr[part=row]").length === 1, "found", 10_000)
    const row = () => $$(el, "tbody tr[part=row]").find((r) => r.dataset["username"] === username)!
    row().querySelector<HTMLButtonElement>("[part=block]")!.click()
    await el.updateComplete
    $<HTMLButtonElement>(el, "[part=confirm-yes]").click()
    await until(() => row().querySelector("[part=state]")?.getAttribute("data-state") === "blocked", "blocked", 10_000)
    expect((await account(username)).blocked).to.equal(true)
    row().querySelector<HTMLButtonElement>("[part=unblock]")!.click()
    await until(() => row().querySelector("[part=state]")?.getAttribute("data-state") === "active", "unblocked", 10_000)
    expect((await account(username)).blocked).to.equal(false)

    // A new password, shown once in the account's panel.
    row().querySelector<HTMLButtonElement>("[part=edit]")!.click()
    await until(() => maybe(el, "org-telephony-account-edit"), "edit panel")
    const ed = $<OrgTelephonyAccountEdit>(el, "org-telephony-account-edit")
    await ed.updateComplete
    $<HTMLButtonElement>(ed, "[part=reset-password]").click()
    await ed.updateComplete
    $<HTMLButtonElement>(ed, "[part=confirm-yes]").click()
    await until(() => maybe(ed, "[part=secret]"), "new password", 10_000)
    const second = $<OrgCopyField>(ed, "[part=secret] org-copy-field").value
    expect(second).to.match(/^[A-Za-z0-9]{20}$/)
    expect(second).to.not.equal(password)
    const reset = await account(username)
    expect(reset.version).to.be.greaterThan(created.version)
    expect(Date.parse(reset.passwordChangedAt)).to.be.at.least(Date.parse(created.passwordChangedAt))

    // The comment (the display name of its calls), saved with the version read.
    type($(ed, "#e-comment"), "Ресепшен, Петрова")
    type($(ed, "#e-callLimit"), "2")
    $<HTMLButtonElement>(ed, "[part=save]").click()
    await until(() => !maybe(el, "org-telephony-account-edit"), "saved", 10_000)
    expect(textOf(row())).to.contain("Ресепшен, Петрова")
    const edited = await account(username)
    expect(edited.comment).to.equal("Ресепшен, Петрова")
    expect(edited.callLimit).to.equal(2)
    expect(edited.version).to.be.greaterThan(reset.version)
    expect(el.shadowRoot!.innerHTML).to.not.contain(second) // closing the panel took the password with it
  })

  it("creates a short number that rings two accounts", async () => {
    await signIn("admin")
    const prefix = uniqueSip("ext")
    const ids: string[] = []
    for (const [i, comment] of ["Первый", "Второй"].entries()) {
      const { status, body } = await api<SipAccount>("POST", `${T}/accounts`, { username: `${prefix}-${i}`, comment: `${comment} ${prefix}` })
      expect(status).to.equal(201)
      ids.push(body.id)
    }
    const el = await tab<OrgTelephonyExtensions>("extensions", "org-telephony-extensions")
    const number = String(Date.now()).slice(-9)
    type($(el, "input[name=number]"), number)
    type($(el, "input[name=name]"), "Reception")
    const picker = $(el, "[part=form] org-telephony-members") as OrgTelephonyMembers
    await until(() => picker.accounts.some((a) => a.id === ids[1]), "accounts to pick from", 10_000)
    await picker.updateComplete
    type($(picker, "[part=member-filter]"), prefix)
    await picker.updateComplete
    const options = $$<HTMLInputElement>(picker, "[part=member-option]")
    expect(options.map((o) => o.value).sort()).to.deep.equal([...ids].sort())
    for (const o of options) o.click()
    $<HTMLButtonElement>(el, "[part=submit]").click()
    await until(() => $$(el, "tbody tr[part=row]").some((r) => r.dataset["number"] === number), "created", 10_000)
    const row = $$(el, "tbody tr[part=row]").find((r) => r.dataset["number"] === number)!
    expect(textOf(row)).to.contain(`Первый ${prefix}`)
    expect(textOf(row)).to.contain(`Второй ${prefix}`)

    const { body } = await api<{ items: Extension[] }>("GET", `${T}/extensions`)
    const saved = body.items.find((e) => e.number === number)!
    expect(saved.name).to.equal("Reception")
    expect([...saved.members].sort()).to.deep.equal([...ids].sort())

    // The same number again: the server's 409 lands at the field.
    type($(el, "input[name=number]"), number)
    $<HTMLInputElement>(picker, "[part=member-option]").click()
    $<HTMLButtonElement>(el, "[part=submit]").click()
    await until(() => maybe(el, "#f-number-error"), "taken", 10_000)
    expect(text(el, "#f-number-error")).to.equal("Value is already taken")
  })

  it("lists call records (maybe none) with the filters in the request's query", async () => {
    await signIn("admin")
    const username = uniqueSip("calls")
    const created = await api<SipAccount>("POST", `${T}/accounts`, { username })
    expect(created.status).to.equal(201)
    const el = await tab<OrgTelephonyCalls>("calls", "org-telephony-calls")
    await until(() => $$<HTMLOptionElement>(el, "select[name=account] option").some((o) => o.value === created.body.id), "accounts in the filter", 10_000)
    const recorder = recordFetches()
    try {
      const choose = (name: string, value: string) => {
        const input = $<HTMLInputElement | HTMLSelectElement>(el, `[name=${name}]`)
        input.value = value
        input.dispatchEvent(new Event("change"))
      }
      choose("from", "2026-01-01")
      choose("to", "2026-12-31")
      choose("account", created.body.id)
      choose("direction", "internal")
      choose("disposition", "answered")
      await until(() => recorder.urls.some((u) => u.includes("disposition=answered")), "filtered request", 10_000)
      await until(() => maybe(el, "[part=empty]") || maybe(el, "table"), "answer", 10_000)
    } finally {
      recorder.stop()
    }
    const last = new URL(recorder.urls.filter((u) => u.includes(`${T}/calls`)).at(-1)!)
    expect(last.searchParams.get("account")).to.equal(created.body.id)
    expect(last.searchParams.get("direction")).to.equal("internal")
    expect(last.searchParams.get("disposition")).to.equal("answered")
    expect(Date.parse(last.searchParams.get("from")!)).to.be.lessThan(Date.parse(last.searchParams.get("to")!))
    expect(maybe(el, "[part=error]")).to.equal(null)
    // The same query straight to the server: it accepts it (a new account has made no calls).
    const direct = await api<CallPage>("GET", `${last.pathname}${last.search}`)
    expect(direct.status).to.equal(200)
    expect(direct.body.items).to.deep.equal([])
    expect(text(el, "[part=empty]")).to.contain("No calls match the filters")
  })

  it("lets a supervisor read the call records without the account filter", async () => {
    await signIn("supervisor")
    const el = await fixture<OrgTelephonyCalls>(html`<org-telephony-calls lang="en"></org-telephony-calls>`)
    await until(() => maybe(el, "table") || maybe(el, "[part=empty]") || maybe(el, "[part=error]"), "calls", 10_000)
    expect(maybe(el, "[part=error]")).to.equal(null)
    await until(() => maybe(el, "select[name=direction]"), "filters")
    expect(maybe(el, "select[name=account]")).to.equal(null)
  })
})

/// <reference types="mocha" />
import { expect, fixture, html } from "@open-wc/testing"
import { ADMIN_USER, DEMO_USER } from "../test/fake-api.js"
import { FAKE_DOMAIN, installFakeTelephony, type FakeTelephony, type FakeTelephonyOptions } from "../test/fake-telephony.js"
import { $, $$, maybe, sleep, text, textOf, type, until } from "../test/helpers.js"
import type { OrgTelephonyAccountEdit } from "./org-telephony-account-edit.js"
import type { OrgCopyField } from "./org-copy-field.js"
import "./org-telephony-accounts.js"
import type { OrgTelephonyAccounts } from "./org-telephony-accounts.js"

const ACCOUNTS = "/api/v1/telephony/accounts"
const operatorAccount = { user: DEMO_USER, password: "secret", groupIds: [], disabled: false, createdAt: "2025-01-01T00:00:00Z" }

let fake: FakeTelephony

function install(options: FakeTelephonyOptions = {}): FakeTelephony {
  fake = installFakeTelephony({ user: ADMIN_USER, accounts: [operatorAccount], ...options })
  return fake
}

async function mount(lang = "ru"): Promise<OrgTelephonyAccounts> {
  const el = await fixture<OrgTelephonyAccounts>(html`<org-telephony-accounts lang=${lang} token="test-token"></org-telephony-accounts>`)
  await until(() => maybe(el, "table") || maybe(el, "[part=empty]") || maybe(el, "[part=error]"), "accounts list")
  return el
}

const row = (el: OrgTelephonyAccounts, username: string) => $$(el, "tbody tr[part=row]").find((r) => r.dataset["username"] === username)!
const rowButton = (el: OrgTelephonyAccounts, username: string, part: string) => row(el, username).querySelector<HTMLButtonElement>(`[part=${part}]`)!
const key = (target: Element, k: string) => target.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, composed: true }))
const submit = (el: OrgTelephonyAccounts) => $<HTMLButtonElement>(el, "[part=form] button[type=submit]").click()

/** Opens the account's panel and resolves with its editor. */
async function openEditor(el: OrgTelephonyAccounts, username: string): Promise<OrgTelephonyAccountEdit> {
  rowButton(el, username, "edit").click()
  await until(() => maybe(el, "org-telephony-account-edit"), "edit panel")
  const ed = $<OrgTelephonyAccountEdit>(el, "org-telephony-account-edit")
  await ed.updateComplete
  return ed
}

describe("<org-telephony-accounts>", () => {
  afterEach(() => fake?.restore())

  it("lists accounts by username with status chips, comments, linked users and the domain", async () => {
    install({
      sipAccounts: [
        { username: "reception", comment: "Ресепшен, Иванова", userId: DEMO_USER.id, callLimit: 2 },
        { username: "Alice", blocked: true },
        { username: "bob", comment: "Бухгалтерия" },
      ],
    })
    const el = await mount()
    expect($$(el, "tbody tr[part=row]").map((r) => r.dataset["username"])).to.deep.equal(["Alice", "bob", "reception"])
    expect(text(el, "[data-domain]")).to.equal(`Домен: ${FAKE_DOMAIN}`)
    expect(row(el, "Alice").querySelector("[part=state]")!.getAttribute("data-state")).to.equal("blocked")
    expect(textOf(row(el, "Alice").querySelector("[part=state]")!)).to.equal("Заблокирована")
    expect(row(el, "Alice").querySelector("[part=unblock]")).to.not.equal(null)
    expect(row(el, "bob").querySelector("[part=block]")).to.not.equal(null)
    const reception = textOf(row(el, "reception"))
    expect(reception).to.contain("Ресепшен, Иванова")
    expect(reception).to.contain(DEMO_USER.name)
    expect(reception).to.contain("2")
    expect(fake.requestsTo("GET", ACCOUNTS)[0]!.headers.get("authorization")).to.equal("Bearer test-token")
  })

  it("searches on the server and filters blocked ones, with a reset when nothing matches", async () => {
    install({ sipAccounts: [{ username: "alice", comment: "Reception" }, { username: "bob", blocked: true }, { username: "carol" }] })
    const el = await mount("en")
    type($(el, "[part=search]"), "recep")
    await until(() => $$(el, "tbody tr[part=row]").length === 1, "searched")
    expect(fake.requestsTo("GET", ACCOUNTS).at(-1)!.query.get("q")).to.equal("recep")
    type($(el, "[part=search]"), "")
    await until(() => $$(el, "tbody tr[part=row]").length === 3, "all again")
    const blocked = $<HTMLInputElement>(el, "input[name=status][value=blocked]")
    blocked.click()
    await until(() => $$(el, "tbody tr[part=row]").length === 1, "blocked only")
    expect(fake.requestsTo("GET", ACCOUNTS).at(-1)!.query.get("blocked")).to.equal("true")
    expect(row(el, "bob")).to.not.equal(undefined)
    type($(el, "[part=search]"), "nobody")
    await until(() => maybe(el, "[part=empty]"), "nothing found")
    expect(text(el, "[part=empty]")).to.contain("Nothing found")
    $<HTMLButtonElement>(el, "[part=reset-filters]").click()
    await until(() => $$(el, "tbody tr[part=row]").length === 3, "reset")
    expect($<HTMLInputElement>(el, "[part=search]").value).to.equal("")
  })

  it("shows an empty state inviting to create the first account", async () => {
    install()
    const el = await mount("en")
    expect(text(el, "[part=empty]")).to.contain("No SIP accounts yet")
    expect(maybe(el, "[part=search]")).to.equal(null)
  })

  it("creates an account and shows its generated password once, with a copy button and a warning", async () => {
    install()
    const el = await mount("en")
    submit(el)
    await el.updateComplete
    expect(text(el, "#f-username-error")).to.equal("Fill in this field")
    expect(fake.requestsTo("POST", ACCOUNTS)).to.have.length(0)

    type($(el, "input[name=username]"), "reception")
    type($(el, "input[name=comment]"), "  Reception, Ivanova ")
    type($(el, "input[name=callLimit]"), "2")
    const users = $<HTMLSelectElement>(el, "select[name=userId]")
    users.value = DEMO_USER.id
    users.dispatchEvent(new Event("change"))
    submit(el)
    await until(() => maybe(el, "[part=secret]"), "password shown")
    expect(fake.requestsTo("POST", ACCOUNTS)[0]!.body).to.deep.equal({ username: "reception", comment: "Reception, Ivanova", callLimit: 2, userId: DEMO_USER.id })
    const secret = $(el, "[part=secret]")
    expect(el.shadowRoot!.activeElement).to.equal(secret)
    expect(textOf(secret)).to.contain("Account reception created")
    expect(textOf(secret)).to.contain("it will not be shown again")
    expect(textOf(secret)).to.contain(FAKE_DOMAIN)
    const password = $<OrgCopyField>(el, "org-copy-field").value
    expect(password).to.equal(fake.account("reception").password)
    expect(password).to.have.length(20)
    expect($<HTMLInputElement>(el, "input[name=username]").value).to.equal("")
    await until(() => row(el, "reception"), "row")
    expect(textOf(row(el, "reception"))).to.not.contain(password)

    // The copy button copies the password.
    const written: string[] = []
    const clipboard = navigator.clipboard
    Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText: async (v: string) => void written.push(v) } })
    try {
      const field = $<OrgCopyField>(el, "org-copy-field")
      await field.updateComplete
      $<HTMLButtonElement>(field, "[part=copy]").click()
      await until(() => written.length === 1, "copied")
      expect(written[0]).to.equal(password)
    } finally {
      Object.defineProperty(navigator, "clipboard", { configurable: true, value: clipboard })
    }

    $<HTMLButtonElement>(el, "[part=secret-done]").click()
    await el.updateComplete
    expect(maybe(el, "[part=secret]")).to.equal(null)
    expect(el.shadowRoot!.innerHTML).to.not.contain(password)
    expect(el.shadowRoot!.activeElement).to.equal($(el, "input[name=username]"))
  })

  it("shows the server's field errors next to the fields, in the widget's language", async () => {
    install({ sipAccounts: [{ username: "alice" }] })
    const el = await mount("ru")
    type($(el, "input[name=username]"), "bad name")
    type($(el, "input[name=password]"), "short")
    submit(el)
    await until(() => maybe(el, "#f-username-error"), "username error")
    expect(text(el, "#f-username-error")).to.contain("латинских букв")
    expect(text(el, "#f-password-error")).to.contain("SIP-пароль — от 10 до 128")
    expect($(el, "input[name=username]").getAttribute("aria-invalid")).to.equal("true")
    expect(el.shadowRoot!.activeElement).to.equal($(el, "input[name=username]"))

    type($(el, "input[name=username]"), "ALICE") // taken whatever its case: 409 on the field
    type($(el, "input[name=password]"), "")
    submit(el)
    await until(() => text(el, "#f-username-error") === "Значение уже занято", "conflict")
    expect(maybe(el, "#f-password-error")).to.equal(null)

    type($(el, "input[name=username]"), "carol")
    type($(el, "input[name=callLimit]"), "500")
    submit(el)
    await el.updateComplete
    expect(text(el, "#f-callLimit-error")).to.equal("Целое число от 1 до 100")
    expect(maybe(el, "[part=secret]")).to.equal(null)
  })

  it("blocks after confirming (Escape and Cancel keep it) and unblocks at once", async () => {
    install({ sipAccounts: [{ username: "alice" }, { username: "bob" }] })
    const el = await mount("en")
    rowButton(el, "alice", "block").click()
    await el.updateComplete
    expect(text(el, "[part=confirm]")).to.contain("Block alice?")
    expect(el.shadowRoot!.activeElement).to.equal($(el, "[part=confirm-yes]"))
    key($(el, "[part=confirm-yes]"), "Escape")
    await el.updateComplete
    expect(maybe(el, "[part=confirm]")).to.equal(null)
    expect(el.shadowRoot!.activeElement).to.equal(rowButton(el, "alice", "block"))
    rowButton(el, "alice", "block").click()
    await el.updateComplete
    $<HTMLButtonElement>(el, "[part=confirm-cancel]").click()
    await el.updateComplete
    expect(fake.requestsTo("POST", `${ACCOUNTS}/${fake.account("alice").id}/block`)).to.have.length(0)

    rowButton(el, "alice", "block").click()
    await el.updateComplete
    $<HTMLButtonElement>(el, "[part=confirm-yes]").click()
    await until(() => row(el, "alice").querySelector("[part=state]")!.getAttribute("data-state") === "blocked", "blocked")
    expect(fake.account("alice").blocked).to.equal(true)
    expect(el.shadowRoot!.activeElement).to.equal(rowButton(el, "alice", "unblock"))
    expect(text(el, "[role=status]")).to.equal("alice is blocked")

    rowButton(el, "alice", "unblock").click()
    await until(() => row(el, "alice").querySelector("[part=state]")!.getAttribute("data-state") === "active", "unblocked")
    expect(fake.account("alice").blocked).to.equal(false)
    expect(el.shadowRoot!.activeElement).to.equal(rowButton(el, "alice", "block"))
  })

  it("edits the comment, call limit and linked user, sending only what changed with the version", async () => {
    install({ sipAccounts: [{ username: "alice", comment: "Old name", callLimit: 3 }] })
    const el = await mount("en")
    let ed = await openEditor(el, "alice")
    expect(rowButton(el, "alice", "edit").getAttribute("aria-expanded")).to.equal("true")
    expect(ed.shadowRoot!.activeElement).to.equal($(ed, "#e-comment"))
    type($(ed, "#e-comment"), "Reception, Alice")
    type($(ed, "#e-callLimit"), "0")
    $<HTMLButtonElement>(ed, "[part=save]").click()
    await ed.updateComplete
    expect(text(ed, "#e-callLimit-error")).to.equal("A whole number from 1 to 100")
    type($(ed, "#e-callLimit"), "")
    $<HTMLButtonElement>(ed, "[part=save]").click()
    await until(() => !maybe(el, "org-telephony-account-edit"), "saved and closed")
    const id = fake.account("alice").id
    expect(fake.requestsTo("PATCH", `${ACCOUNTS}/${id}`)[0]!.body).to.deep.equal({ version: 1, comment: "Reception, Alice", callLimit: null })
    expect(textOf(row(el, "alice"))).to.contain("Reception, Alice")
    expect(el.shadowRoot!.activeElement).to.equal(rowButton(el, "alice", "edit"))
    expect(text(el, "[role=status]")).to.equal("alice saved")

    // Someone else changed it meanwhile: the form keeps the edit, takes the new version, and the second save goes through.
    ed = await openEditor(el, "alice")
    fake.changeAccountElsewhere("alice", { callLimit: 5 })
    type($(ed, "#e-comment"), "Front desk")
    $<HTMLButtonElement>(ed, "[part=save]").click()
    await until(() => maybe(ed, "[part=error]"), "stale")
    expect(text(ed, "[part=error]")).to.contain("Someone changed this")
    expect($<HTMLInputElement>(ed, "#e-comment").value).to.equal("Front desk")
    await until(() => $<HTMLInputElement>(ed, "#e-callLimit").value === "5", "fresh limit")
    $<HTMLButtonElement>(ed, "[part=save]").click()
    await until(() => !maybe(el, "org-telephony-account-edit"), "saved")
    expect(fake.account("alice").comment).to.equal("Front desk")
    expect(fake.account("alice").callLimit).to.equal(5)

    // Escape closes the panel.
    ed = await openEditor(el, "alice")
    key($(ed, "#e-comment"), "Escape")
    await until(() => !maybe(el, "org-telephony-account-edit"), "closed")
    expect(el.shadowRoot!.activeElement).to.equal(rowButton(el, "alice", "edit"))
  })

  it("links a user; a user linked elsewhere cannot be picked and the server's 409 lands at the field", async () => {
    install({ sipAccounts: [{ username: "alice", userId: DEMO_USER.id }, { username: "bob" }] })
    const el = await mount("en")
    const ed = await openEditor(el, "bob")
    const option = $$<HTMLOptionElement>(ed, "#e-userId option").find((o) => o.value === DEMO_USER.id)!
    expect(option.disabled).to.equal(true)
    expect(option.textContent).to.contain("already on alice")
    // Forced anyway (say, the list was stale): the server says no.
    const select = $<HTMLSelectElement>(ed, "#e-userId")
    option.disabled = false
    select.value = DEMO_USER.id
    select.dispatchEvent(new Event("change"))
    $<HTMLButtonElement>(ed, "[part=save]").click()
    await until(() => maybe(ed, "#e-userId-error"), "conflict")
    expect(text(ed, "#e-userId-error")).to.equal("Value is already taken")
    expect(ed.shadowRoot!.activeElement).to.equal(select)
    select.value = ADMIN_USER.id
    select.dispatchEvent(new Event("change"))
    await ed.updateComplete
    expect(maybe(ed, "#e-userId-error")).to.equal(null)
    $<HTMLButtonElement>(ed, "[part=save]").click()
    await until(() => !maybe(el, "org-telephony-account-edit"), "saved")
    expect(fake.account("bob").userId).to.equal(ADMIN_USER.id)
    expect(textOf(row(el, "bob"))).to.contain(ADMIN_USER.name)
  })

  it("sets a new password after confirming and shows it once in the panel", async () => {
    install({ sipAccounts: [{ username: "alice" }] })
    const el = await mount("ru")
    const before = fake.account("alice").password
    const ed = await openEditor(el, "alice")
    $<HTMLButtonElement>(ed, "[part=reset-password]").click()
    await ed.updateComplete
    expect(text(ed, "[part=confirm]")).to.contain("Сменить пароль alice?")
    expect(ed.shadowRoot!.activeElement).to.equal($(ed, "[part=confirm-yes]"))
    $<HTMLButtonElement>(ed, "[part=confirm-yes]").click()
    await until(() => maybe(ed, "[part=secret]"), "new password")
    const secret = $(ed, "[part=secret]")
    expect(textOf(secret)).to.contain("Новый пароль для alice")
    expect(textOf(secret)).to.contain("больше он показан не будет")
    const shown = secret.querySelector<OrgCopyField>("org-copy-field")!.value
    expect(shown).to.not.equal(before)
    expect(shown).to.equal(fake.account("alice").password)
    expect(ed.shadowRoot!.activeElement).to.equal(secret)
    expect(text(el, "[role=status]")).to.equal("Новый пароль для alice")
    // Closing the panel hides it for good.
    rowButton(el, "alice", "edit").click()
    await until(() => !maybe(el, "org-telephony-account-edit"), "closed")
    expect(el.shadowRoot!.innerHTML).to.not.contain(shown)
  })

  it("deletes after confirming", async () => {
    install({ sipAccounts: [{ username: "alice" }, { username: "bob" }] })
    const el = await mount("en")
    const ed = await openEditor(el, "alice")
    $<HTMLButtonElement>(ed, "[part=delete]").click()
    await ed.updateComplete
    expect(text(ed, "[part=confirm]")).to.contain("Delete alice?")
    key($(ed, "[part=confirm-yes]"), "Escape")
    await ed.updateComplete
    expect(maybe(ed, "[part=confirm]")).to.equal(null)
    expect(ed.shadowRoot!.activeElement).to.equal($(ed, "[part=delete]"))
    $<HTMLButtonElement>(ed, "[part=delete]").click()
    await ed.updateComplete
    $<HTMLButtonElement>(ed, "[part=confirm-yes]").click()
    await until(() => !row(el, "alice"), "deleted")
    expect(fake.accounts.map((a) => a.username)).to.deep.equal(["bob"])
    expect(text(el, "[role=status]")).to.equal("alice deleted")
    expect(maybe(el, "org-telephony-account-edit")).to.equal(null)
  })

  it("loads more accounts page by page", async () => {
    install({ sipAccounts: Array.from({ length: 130 }, (_, i) => ({ username: `user${String(i).padStart(3, "0")}` })) })
    const el = await mount("en")
    expect($$(el, "tbody tr[part=row]")).to.have.length(100)
    $<HTMLButtonElement>(el, "[part=load-more]").click()
    await until(() => $$(el, "tbody tr[part=row]").length === 130, "second page")
    expect(maybe(el, "[part=load-more]")).to.equal(null)
    expect(fake.requestsTo("GET", ACCOUNTS).at(-1)!.query.get("cursor")).to.equal(fake.account("user099").id)
  })

  it("shows a load error with a retry to somebody who is not an admin", async () => {
    install({ user: DEMO_USER, accounts: [] })
    const el = await mount("en")
    expect(text(el, "[part=error]")).to.contain("Could not load the data")
    expect(maybe(el, "[part=error] button")).to.not.equal(null)
    await sleep(0)
  })
})

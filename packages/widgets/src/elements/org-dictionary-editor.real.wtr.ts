/// <reference types="mocha" />
// <org-dictionary-editor> against the real server: a dictionary and a partner of this test's own
// (other files read the seeded ones), edited, refused, raced and checked on the server.
import { expect, fixture, html } from "@open-wc/testing"
import type { PartnerDto } from "../api/case-desk.js"
import { $, $$, maybe, text, type, until } from "../test/helpers.js"
import { items, prepareDesk, uniqueWord, type DictionaryItem } from "../test/real-case-desk.js"
import { api, signIn, signOut, useDemoUsersAsSeeded } from "../test/real-server.js"
import "./org-dictionary-editor.js"
import { PARTNERS, type OrgDictionaryEditor } from "./org-dictionary-editor.js"

const rowTitles = (el: OrgDictionaryEditor) => $$(el, "[part=item] .row-title").map((r) => r.textContent!.trim())
const input = (el: OrgDictionaryEditor, selector: string) => $<HTMLInputElement>(el, selector)

async function mount(lang: string, dictionary: string, editor = true): Promise<OrgDictionaryEditor> {
  const el = await fixture<OrgDictionaryEditor>(html`<org-dictionary-editor lang=${lang} dictionary=${dictionary}></org-dictionary-editor>`)
  await until(() => maybe(el, "[part=item]") || maybe(el, "[part=empty]"), "items", 10_000)
  if (editor) await until(() => el.canEdit, "the user's roles", 10_000)
  return el
}

/** Dictionaries this file made, archived afterwards (as admin) so other files do not list them. */
const made: string[] = []
async function archiveMade(): Promise<void> {
  if (!made.length) return
  await signIn("admin")
  for (const key of made.splice(0)) await api("POST", `/api/v1/cases/reference/dictionaries/${key}/archive`, {})
  await signOut()
}

async function pick(el: OrgDictionaryEditor, title: string): Promise<void> {
  await until(() => rowTitles(el).includes(title), `row ${title}`, 10_000)
  $$(el, "[part=item]").find((b) => b.querySelector(".row-title")!.textContent!.trim() === title)!.click()
  await el.updateComplete
}

async function save(el: OrgDictionaryEditor): Promise<void> {
  await el.updateComplete
  $<HTMLButtonElement>(el, "[part=save]").click()
  await el.updateComplete
}

/** A dictionary of this test with two items (as admin; stays signed in). */
async function ownDictionary(): Promise<{ key: string; first: DictionaryItem; second: DictionaryItem }> {
  await signIn("admin")
  const key = `wtr_${uniqueWord("d")}`
  const created = await api("POST", "/api/v1/cases/reference/dictionaries", { key, name: { ru: "Тестовый справочник", en: "Test dictionary" } })
  expect(created.status).to.equal(201)
  made.push(key)
  for (const [code, ru, en] of [["ALPHA", "Альфа", "Alpha"], ["BETA", "Бета", "Beta"]] as const) {
    const item = await api("POST", `/api/v1/cases/reference/dictionaries/${key}/items`, { code, label: { ru, en }, attributes: { level: code === "ALPHA" ? 1 : 2 } })
    expect(item.status).to.equal(201)
  }
  const [first, second] = await items(key)
  return { key, first: first!, second: second! }
}

describe("<org-dictionary-editor> with the real server", function () {
  this.timeout(30_000)
  after(archiveMade) // before the demo users are let go (after hooks run in this order)
  useDemoUsersAsSeeded()
  before(async function () {
    this.timeout(60_000)
    await prepareDesk()
  })
  afterEach(() => signOut())

  it("saves an item with its version, keeps attribute types, and offers to reload after a 409", async () => {
    const { key, first } = await ownDictionary()
    const el = await mount("en", key)
    await pick(el, "Alpha")
    expect(input(el, "#i-code").value).to.equal("ALPHA")
    type(input(el, "#i-en"), "Alpha One")
    type($$<HTMLInputElement>(el, "[name=attrValue]")[0]!, "10")
    await save(el)
    await until(() => text(el, "[part=version]").includes("Version 2"), "saved", 10_000)
    const [saved] = await items(key, "&q=ALPHA")
    expect(saved!.label).to.deep.equal({ ru: "Альфа", en: "Alpha One" })
    expect((saved as unknown as { attributes: Record<string, unknown> }).attributes).to.deep.equal({ level: 10 })

    // Someone else saves meanwhile.
    const other = await api("PUT", `/api/v1/cases/reference/dictionaries/${key}/items/${first.id}`, {
      code: "ALPHA", label: { ru: "Альфа", en: "Alpha (theirs)" }, attributes: { level: 10 }, version: 2,
    })
    expect(other.status).to.equal(200)
    type(input(el, "#i-en"), "Alpha (mine)")
    await save(el)
    await until(() => maybe(el, "[part=stale]"), "stale notice", 10_000)
    expect(text(el, "[part=stale]")).to.contain("Someone else has changed this record.")
    $<HTMLButtonElement>(el, "[part=reload]").click()
    await until(() => input(el, "#i-en").value === "Alpha (theirs)", "reloaded", 10_000)
    expect(text(el, "[part=version]")).to.contain("Version 3")
  })

  for (const [lang, taken] of [
    ["ru", "Значение уже занято"],
    ["en", "Value is already taken"],
  ] as const) {
    it(`shows the server's field errors by their fields (${lang})`, async () => {
      const { key } = await ownDictionary()
      const el = await mount(lang, key)
      await pick(el, lang === "ru" ? "Бета" : "Beta")
      type(input(el, "#i-code"), "ALPHA")
      await save(el)
      await until(() => maybe(el, "#i-code-error"), "code taken", 10_000)
      expect(text(el, "#i-code-error")).to.equal(taken)
      type(input(el, "#i-code"), "B".repeat(70))
      await save(el)
      await until(() => maybe(el, "#i-code-error") && text(el, "#i-code-error") !== taken, "code too long", 10_000)
      expect(text(el, "#i-code-error")).to.equal(lang === "ru" ? "Код — от 1 до 64 символов без пробелов" : "A code has 1–64 characters and no spaces")
      expect(input(el, "#i-code").getAttribute("aria-invalid")).to.equal("true")
    })
  }

  it("adds and archives an item", async () => {
    const { key } = await ownDictionary()
    const el = await mount("ru", key)
    $<HTMLButtonElement>(el, "[part=add]").click()
    await el.updateComplete
    type(input(el, "#i-code"), "GAMMA")
    type(input(el, "#i-ru"), "Гамма")
    await save(el)
    await until(() => text(el, "#record-title") === "Гамма", "created", 10_000)
    expect((await items(key)).map((i) => i.code)).to.include("GAMMA")
    $<HTMLButtonElement>(el, "[part=archive]").click()
    await el.updateComplete
    $<HTMLButtonElement>(el, "[part=confirm-archive]").click()
    await until(() => !rowTitles(el).includes("Гамма"), "archived", 10_000)
    expect((await items(key)).map((i) => i.code)).to.not.include("GAMMA")
  })

  it("shows models with their makes as parents", async () => {
    await signIn("supervisor")
    const el = await mount("ru", "models")
    await until(() => $$(el, "[part=item] .row-sub").length > 0, "parent labels", 10_000)
    await pick(el, "Rio")
    await until(() => $$(el, "#i-parent option").length > 2, "makes")
    const parent = $<HTMLSelectElement>(el, "#i-parent")
    expect(parent.selectedOptions[0]!.textContent!.trim()).to.equal("Kia")
    await until(() => text(el, "label[for=i-parent]") === "Родитель (Марки)", "the parent dictionary's name")
  })

  it("is read only for the operator", async () => {
    await signIn("operator")
    const el = await mount("en", "cities", false)
    await until(() => maybe(el, "[part=item]"), "cities", 10_000)
    $(el, "[part=item]").click()
    await until(() => maybe(el, "[part=read-only]"), "read-only note", 10_000)
    expect(maybe(el, "[part=save]")).to.equal(null)
    expect(maybe(el, "[part=add]")).to.equal(null)
    expect(input(el, "#i-ru").readOnly).to.equal(true)
  })

  it("edits a partner: the server's error on the second phone, then the schedule saved", async () => {
    await signIn("supervisor")
    const name = `Партнёр ${uniqueWord("p")}`
    const tow = (await items("service_types")).find((s) => s.code === "TOW")!
    const created = await api<PartnerDto>("POST", "/api/v1/cases/reference/partners", { name, kind: "partner", services: [tow.id] })
    expect(created.status).to.equal(201)
    const el = await mount("ru", PARTNERS)
    type($(el, "[part=search]") as HTMLInputElement, name)
    await pick(el, name)
    const towBox = $$<HTMLInputElement>(el, "input[name=services]").find((b) => b.value === tow.id)!
    expect(towBox.checked).to.equal(true)
    type(input(el, "#p-phones"), "+7 495 123-45-67, позвонить")
    $<HTMLInputElement>(el, "input[name=hoursMode][value=schedule]").click()
    await el.updateComplete
    $<HTMLInputElement>(el, "input[name=open-mon]").click()
    await save(el)
    await until(() => maybe(el, "#p-phones-error"), "phone error", 10_000)
    expect(text(el, "#p-phones-error")).to.contain("№ 2: ")
    type(input(el, "#p-phones"), "+7 495 123-45-67")
    await save(el)
    await until(() => text(el, "[part=version]").includes("Версия 2"), "saved", 10_000)
    const stored = await api<PartnerDto>("GET", `/api/v1/cases/reference/partners/${created.body.id}`)
    expect(stored.body.phones).to.deep.equal(["+74951234567"])
    expect(stored.body.workingHours?.alwaysOpen).to.equal(false)
    expect(stored.body.workingHours?.days.mon).to.deep.equal({ open: "09:00", close: "18:00" })
    expect(stored.body.workingHours?.days.tue).to.equal(null)
    expect(stored.body.services).to.deep.equal([tow.id])
  })
})

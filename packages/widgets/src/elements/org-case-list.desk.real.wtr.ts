/// <reference types="mocha" />
// <org-case-list> as the typed case desk list, against the real server (search module, case
// types, the events socket). Every test searches for its own word, so other files' cases do not
// get in the way.
import { expect, fixture, html, oneEvent } from "@open-wc/testing"
import { $, $$, maybe, sleep, text, type, until } from "../test/helpers.js"
import { hotlineCase, prepareDesk, uniqueWord } from "../test/real-case-desk.js"
import { api, signIn, signOut, useDemoUsersAsSeeded, widgetToken } from "../test/real-server.js"
import "./org-case-list.js"
import type { CaseListOpenEvent, OrgCaseList } from "./org-case-list.js"

const rows = (el: OrgCaseList) => $$<HTMLTableRowElement>(el, "tbody tr[part=row]")
const titles = (el: OrgCaseList) => rows(el).map((r) => r.querySelector(".title-text")!.textContent!.trim())

async function mount(attrs: { token?: string; lang?: string } = {}): Promise<OrgCaseList> {
  const el = attrs.token
    ? await fixture<OrgCaseList>(html`<org-case-list no-create token=${attrs.token} lang=${attrs.lang ?? "ru"}></org-case-list>`)
    : await fixture<OrgCaseList>(html`<org-case-list no-create lang=${attrs.lang ?? "ru"}></org-case-list>`)
  await until(() => maybe(el, "table") || maybe(el, "[part=empty]") || maybe(el, "[part=error]"), "first load", 10_000)
  return el
}

async function search(el: OrgCaseList, word: string): Promise<void> {
  const input = $<HTMLInputElement>(el, "[part~=search]")
  type(input, word)
  input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }))
}

function select(el: OrgCaseList, name: string, value: string): void {
  const s = $<HTMLSelectElement>(el, `select[name=${name}]`)
  s.value = value
  s.dispatchEvent(new Event("change"))
}

describe("<org-case-list> typed, with the real server", function () {
  this.timeout(30_000)
  useDemoUsersAsSeeded()
  before(async function () {
    this.timeout(60_000)
    await prepareDesk()
  })
  afterEach(() => signOut())

  it("finds typed cases by a word, with the type's labels, the attention highlight and the filters", async () => {
    await signIn("operator")
    const word = uniqueWord("desk")
    await hotlineCase(`Запись к врачу ${word}`)
    await hotlineCase(`Жалоба ${word}`, { flags: ["attention"] })
    const untyped = await api("POST", "/api/v1/cases", { title: `Без типа ${word}` })
    expect(untyped.status).to.equal(201)

    const el = await mount()
    await search(el, word)
    await until(() => rows(el).length === 3, "three found", 10_000)
    expect(text(el, "[part=total]")).to.equal("Найдено: 3")
    const byTitle = (t: string) => rows(el).find((r) => r.querySelector(".title-text")!.textContent!.includes(t))!
    const complaint = byTitle("Жалоба")
    expect(complaint.querySelector(".c-type")!.textContent!.trim()).to.equal("Обращение на горячую линию")
    expect(complaint.querySelector("[part=badge]")!.textContent!.trim()).to.equal("Новое")
    expect((complaint.querySelector("[part=badge]") as HTMLElement).dataset["category"]).to.equal("open")
    expect(complaint.dataset["attention"]).to.equal("")
    await until(() => complaint.style.getPropertyValue("--_flag") === "#facc15", "the hotline's flag colour")
    expect(byTitle("Запись").hasAttribute("data-attention")).to.equal(false)
    expect(byTitle("Без типа").querySelector(".c-type")!.textContent!.trim()).to.equal("Без типа")

    await until(() => $$(el, "select[name=type] option").some((o) => (o as HTMLOptionElement).value === "hotline"), "types")
    select(el, "type", "hotline")
    await until(() => rows(el).length === 2, "hotline only", 10_000)
    await until(() => $$(el, "select[name=status] option").length > 3, "hotline states")
    expect($$(el, "select[name=status] option").map((o) => o.textContent!.trim())).to.include("Зарегистрировано")

    $<HTMLButtonElement>(el, "[part=attention-toggle]").click()
    await until(() => rows(el).length === 1, "attention only", 10_000)
    expect(titles(el)).to.deep.equal([`Жалоба ${word}`])

    $<HTMLInputElement>(el, "input[name=statusGroup][value=inactive]").click()
    await until(() => maybe(el, "[part=empty]"), "no inactive ones", 10_000)
    expect(text(el, "[part=empty]")).to.contain("Ничего не найдено")
  })

  it("shows live what matches the filters and nothing else, with a widget token", async () => {
    await signIn("operator")
    const token = await widgetToken()
    await signOut()
    const word = uniqueWord("live")
    const el = await mount({ token, lang: "en" })
    await search(el, word)
    await until(() => maybe(el, "[part=empty]"), "nothing yet", 10_000)
    await until(() => $$(el, "select[name=type] option").length > 1, "types")
    select(el, "type", "hotline")
    await sleep(300)

    // Another client (a console session) opens cases.
    await signIn("supervisor")
    const matching = await hotlineCase(`Matches ${word}`)
    await until(() => titles(el).includes(`Matches ${word}`), "the matching case", 10_000)
    const other = await api("POST", "/api/v1/cases", { title: `Untyped ${word}` })
    expect(other.status).to.equal(201)
    await sleep(1500)
    expect(titles(el)).to.deep.equal([`Matches ${word}`])
    expect(text(el, "[part=total]")).to.equal("Found: 1")

    // A flag set elsewhere lights the row up.
    const current = await api<{ version: number }>("GET", `/api/v1/cases/${matching.id}`)
    const patched = await api("PATCH", `/api/v1/cases/${matching.id}`, { version: current.body.version, flags: ["attention"] })
    expect(patched.status).to.equal(200)
    await until(() => rows(el)[0]?.dataset["attention"] === "", "flag shown live", 10_000)
  })

  it("opens a case by click with its id and number", async () => {
    await signIn("operator")
    const word = uniqueWord("open")
    const created = await hotlineCase(`Открыть ${word}`)
    const el = await mount()
    await search(el, word)
    await until(() => rows(el).length === 1, "found", 10_000)
    const fired = oneEvent(el, "org-case-open")
    rows(el)[0]!.click()
    const event = (await fired) as unknown as CaseListOpenEvent
    expect([event.id, event.number]).to.deep.equal([created.id, String(created.number)])
  })
})

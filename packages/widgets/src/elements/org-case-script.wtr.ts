/// <reference types="mocha" />
import { expect, fixture, html } from "@open-wc/testing"
import { type FakeApi, installFakeApi } from "../test/fake-api.js"
import { type FakeCaseCard, installFakeCaseCard } from "../test/fake-case-card.js"
import { $, $$, maybe, text, type, until } from "../test/helpers.js"
import "./org-case-card.js"
import type { OrgCaseCard } from "./org-case-card.js"
import type { OrgCaseScript } from "./org-case-script.js"
import type { OrgDictionarySelect } from "./org-dictionary-select.js"

let api: FakeApi
let desk: FakeCaseCard

async function mount(caseId: string, lang = "ru"): Promise<{ card: OrgCaseCard; script: OrgCaseScript }> {
  const card = await fixture<OrgCaseCard>(html`<org-case-card token="test-token" lang=${lang} case-id=${caseId}></org-case-card>`)
  await until(() => maybe(card, "org-case-script"), "script panel")
  const script = $<OrgCaseScript>(card, "org-case-script")
  await until(() => maybe(script, "[part=start]") || maybe(script, "[part=question]") || maybe(script, ".none"), "script loaded")
  return { card, script }
}

const question = (s: OrgCaseScript) => maybe(s, "[part=question]")?.getAttribute("data-question")
const next = (s: OrgCaseScript) => $<HTMLButtonElement>(s, "[part=next]").click()

async function answerText(s: OrgCaseScript, value: string): Promise<void> {
  type($<HTMLInputElement>(s, "[part=answer-input]"), value)
  await s.updateComplete
  next(s)
}

describe("<org-case-script>", () => {
  beforeEach(() => {
    api = installFakeApi({ signedIn: true })
    desk = installFakeCaseCard(api)
  })
  afterEach(() => {
    desk.restore()
    api.restore()
  })

  it("runs the script one question at a time and writes the answers into the case", async () => {
    const c = desk.addCase()
    const { card, script } = await mount(c.id)
    expect(desk.requestsTo("GET", "/scripts")[0]!.query.get("type")).to.equal("roadside")
    expect(text(script, ".start")).to.contain("Приём обращения: помощь на дороге")
    $<HTMLButtonElement>(script, "[part=start]").click()
    await until(() => question(script) === "greet", "info question")
    expect(desk.requestsTo("POST", `/${c.id}/script-runs`)[0]!.body).to.deep.equal({ scriptKey: "roadside_intake" })
    expect(text(script, ".q-title")).to.equal("Представьтесь и спросите, что случилось.")
    next(script)
    await until(() => question(script) === "what", "choice question")
    expect($$(script, "[part=option]").map((b) => b.textContent!.trim())).to.deep.equal(["ДТП", "Поломка"])
    $<HTMLButtonElement>(script, '[part=option][data-value="breakdown"]').click()
    await until(() => question(script) === "fault", "text question")
    expect(text(script, ".writes")).to.equal("Ответ запишется в поле «Неисправность со слов клиента»")
    // The answer input has the focus, as the operator keeps typing.
    expect(script.shadowRoot!.activeElement).to.equal($(script, "[part=answer-input]"))
    await answerText(script, "Не заводится, горит значок аккумулятора")
    await until(() => question(script) === "plate", "plate question")
    const posted = desk.requests.filter((r) => r.path.endsWith("/answer")).map((r) => r.body)
    expect(posted).to.deep.equal([
      { questionId: "greet", value: null },
      { questionId: "what", value: "breakdown" },
      { questionId: "fault", value: "Не заводится, горит значок аккумулятора" },
    ])
    // The case panel shows the written field at once.
    const fields = $(card, "org-case-fields")
    await until(() => (maybe<HTMLTextAreaElement>(fields, '[data-field="fault"] textarea')?.value ?? "") === "Не заводится, горит значок аккумулятора", "field updated")
  })

  it("shows a bad answer (an invalid VIN) by the input and stays on the question, in ru and en", async () => {
    const c = desk.addCase()
    const { card, script } = await mount(c.id)
    $<HTMLButtonElement>(script, "[part=start]").click()
    await until(() => question(script) === "greet", "first")
    await script.jump("vin")
    await until(() => question(script) === "vin", "vin question")
    expect(text(script, ".hint")).to.equal("17 символов, в СТС")
    await answerText(script, "XWEPH81ABK000")
    await until(() => maybe(script, "[part=field-error]"), "error")
    expect(text(script, "[part=field-error]")).to.equal("VIN: 17 символов, без I, O и Q")
    expect($(script, "[part=answer-input]").getAttribute("aria-invalid")).to.equal("true")
    expect(question(script)).to.equal("vin")
    card.lang = "en"
    await card.updateComplete
    await answerText(script, "XWEPH81ABK00")
    await until(() => (maybe(script, "[part=field-error]")?.textContent ?? "").includes("17 characters"), "english error")
    await answerText(script, "xweph81abk0000001")
    await until(() => question(script) === "tow", "next question")
    expect(desk.cases.find((x) => x.id === c.id)!.values["vin"]).to.equal("XWEPH81ABK0000001")
  })

  it("goes back and jumps to any question from the list", async () => {
    const c = desk.addCase()
    const { script } = await mount(c.id, "en")
    $<HTMLButtonElement>(script, "[part=start]").click()
    await until(() => question(script) === "greet", "first")
    next(script)
    await until(() => question(script) === "what", "second")
    $<HTMLButtonElement>(script, '[part=option][data-value="accident"]').click()
    await until(() => question(script) === "plate", "plate")
    $<HTMLButtonElement>(script, "[part=back]").click()
    await until(() => question(script) === "what", "back")
    expect(desk.requests.some((r) => r.path.endsWith("/back"))).to.equal(true)
    // The chosen answer is marked.
    expect($(script, '[part=option][data-value="accident"]').getAttribute("aria-pressed")).to.equal("true")
    // The list of questions: answered ones show their answers.
    $<HTMLButtonElement>(script, ".jump > button").click()
    await script.updateComplete
    const items = $$(script, "[part=jump]")
    expect(items).to.have.length(8)
    expect(items.find((i) => i.dataset["question"] === "what")!.getAttribute("aria-current")).to.equal("step")
    expect(items.find((i) => i.dataset["question"] === "greet")!.querySelector(".q-mark")!.textContent).to.equal("✓")
    expect(items.find((i) => i.dataset["question"] === "what")!.querySelector(".q-answer")!.textContent).to.equal("Accident")
    items.find((i) => i.dataset["question"] === "city")!.click()
    await until(() => question(script) === "city", "jumped")
    expect(desk.requests.filter((r) => r.path.endsWith("/jump")).map((r) => r.body)).to.deep.equal([{ questionId: "city" }])
  })

  it("answers yes/no and dictionary questions and shows the summary at the end", async () => {
    const c = desk.addCase()
    const { script } = await mount(c.id)
    $<HTMLButtonElement>(script, "[part=start]").click()
    await until(() => question(script) === "greet", "first")
    await script.jump("tow")
    await until(() => question(script) === "tow", "yes/no")
    expect($$(script, "[part=option]").map((b) => b.textContent!.trim())).to.deep.equal(["Да", "Нет"])
    $<HTMLButtonElement>(script, '[part=option][data-value="yes"]').click()
    await until(() => question(script) === "city", "city")
    const pick = $<OrgDictionarySelect>(script, "org-dictionary-select")
    const box = $<HTMLInputElement>(pick, "input")
    box.focus()
    type(box, "твер")
    await until(() => $$(pick, "[part=option]").length === 1, "search")
    $<HTMLElement>(pick, "[part=option]").click()
    await until(() => box.value === "Тверь", "picked")
    await script.updateComplete
    next(script)
    await until(() => question(script) === "bye", "last")
    next(script)
    await until(() => maybe(script, "[part=finished]"), "finished")
    expect(text(script, "[part=finished]")).to.contain("Скрипт пройден")
    expect(text(script, ".summary")).to.contain("Нужен эвакуатор?")
    expect(text(script, ".summary")).to.contain("Да")
    expect(text(script, ".summary")).to.contain("Тверь")
    expect(desk.cases.find((x) => x.id === c.id)!.values["city"]).to.equal(desk.item("cities", "TVR").id)
  })

  it("resumes an unfinished run", async () => {
    const c = desk.addCase({ values: { plate: "А123ВС77" } })
    desk.runs.push({ id: crypto.randomUUID(), caseId: c.id, scriptKey: "roadside_intake", scriptVersion: 1, current: "plate", path: ["greet", "what"], answers: { greet: null, what: "accident" }, finished: false, updatedAt: new Date().toISOString() })
    const { script } = await mount(c.id)
    await until(() => question(script) === "plate", "resumed")
    // The input starts with what the case already holds.
    expect($<HTMLInputElement>(script, "[part=answer-input]").value).to.equal("А123ВС77")
    expect(text(script, ".script-head")).to.contain("Вопрос 3")
  })

  it("follows the run when another screen of the case moves it", async () => {
    const c = desk.addCase()
    const { script } = await mount(c.id)
    $<HTMLButtonElement>(script, "[part=start]").click()
    await until(() => question(script) === "greet", "first")
    await api.subscribed("case.script_run")
    const run = desk.runs[0]!
    api.emit("case.script_run", { caseId: c.id, run: { ...run, current: "tow", path: ["greet"], updatedAt: new Date(Date.now() + 1000).toISOString() } })
    await until(() => question(script) === "tow", "followed")
  })

  it("says there is no script for the type", async () => {
    const c = desk.addCase({ type: "hotline" })
    const { script } = await mount(c.id, "en")
    await until(() => text(script) === "There are no scripts for this case type", "none")
  })
})

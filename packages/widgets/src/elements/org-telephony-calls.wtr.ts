/// <reference types="mocha" />
import { expect, fixture, html } from "@open-wc/testing"
import { ADMIN_USER, DEMO_USER } from "../test/fake-api.js"
import { installFakeTelephony, makeCall, type FakeTelephony, type FakeTelephonyOptions } from "../test/fake-telephony.js"
import { $, $$, maybe, text, textOf, until } from "../test/helpers.js"
import "./org-telephony-calls.js"
import type { OrgTelephonyCalls } from "./org-telephony-calls.js"

const CALLS = "/api/v1/telephony/calls"
const supervisor = {
  user: { ...DEMO_USER, id: "0190f3a4-0000-7000-8000-000000000003", login: "supervisor", name: "Сергей", roles: ["supervisor"] },
  password: "secret",
  groupIds: [],
  disabled: false,
  createdAt: "2025-01-01T00:00:00Z",
}

let fake: FakeTelephony

function install(options: FakeTelephonyOptions = {}): FakeTelephony {
  fake = installFakeTelephony({ user: ADMIN_USER, ...options })
  return fake
}

async function mount(lang = "ru"): Promise<OrgTelephonyCalls> {
  const el = await fixture<OrgTelephonyCalls>(html`<org-telephony-calls lang=${lang} token="test-token"></org-telephony-calls>`)
  await until(() => maybe(el, "table") || maybe(el, "[part=empty]") || maybe(el, "[part=error]"), "calls list")
  return el
}

function choose(el: OrgTelephonyCalls, name: string, value: string): void {
  const input = $<HTMLInputElement | HTMLSelectElement>(el, `[name=${name}]`)
  input.value = value
  input.dispatchEvent(new Event("change"))
}

const lastQuery = () => fake.requestsTo("GET", CALLS).at(-1)!.query

describe("<org-telephony-calls>", () => {
  afterEach(() => fake?.restore())

  it("lists calls newest first: who called whom by the names of the time, result, waiting and talk time", async () => {
    install({
      calls: [
        makeCall({ minutesAgo: 30, callerName: "Ресепшен, Алиса", calleeName: "Бухгалтерия", to: { user: "bob", displayName: null, uri: "sip:bob@x" }, talkSeconds: 3725 }),
        makeCall({ minutesAgo: 5, disposition: "busy", status: 486, reason: "Busy Here", from: { user: "carol", displayName: "Carol", uri: "sip:carol@x" } }),
      ],
    })
    const el = await mount()
    const rows = $$(el, "tbody tr[part=row]")
    expect(rows.map((r) => r.dataset["disposition"])).to.deep.equal(["busy", "answered"])
    expect(textOf(rows[0]!)).to.contain("Carol")
    expect(textOf(rows[0]!)).to.contain("Занято")
    expect(textOf(rows[0]!)).to.contain("SIP 486 · Busy Here")
    expect(rows[0]!.querySelector("[part=result]")!.getAttribute("data-tone")).to.equal("warning")
    const answered = textOf(rows[1]!)
    expect(answered).to.contain("Ресепшен, Алиса")
    expect(answered).to.contain("alice")
    expect(answered).to.contain("Бухгалтерия")
    expect(answered).to.contain("Отвечен")
    expect(answered).to.contain("завершил звонивший")
    expect(answered).to.contain("1:02:05")
    expect(answered).to.contain("4 с")
    expect(text(el, ".card-sub")).to.equal("Показано: 2")
  })

  it("puts the filters into the query: days in the tenant's time zone, account, direction, result", async () => {
    install({ sipAccounts: [{ username: "alice", comment: "Алиса" }, { username: "bob" }], calls: [makeCall()] })
    const el = await mount("en")
    await until(() => $$(el, "select[name=account] option").length === 3, "accounts in the filter")
    expect($$(el, "select[name=account] option").map((o) => o.textContent!.trim())).to.deep.equal(["All accounts", "Алиса (alice)", "bob"])
    choose(el, "from", "2026-03-01")
    choose(el, "to", "2026-03-31")
    choose(el, "account", fake.account("alice").id)
    choose(el, "direction", "inbound")
    choose(el, "disposition", "missed")
    await until(() => lastQuery().get("disposition") === "missed", "filtered request")
    const q = lastQuery()
    // Europe/Moscow (the tenant's zone): a day starts at 21:00 UTC the day before; "to" is the end of its day.
    expect(q.get("from")).to.equal("2026-02-28T21:00:00.000Z")
    expect(q.get("to")).to.equal("2026-03-31T21:00:00.000Z")
    expect(q.get("account")).to.equal(fake.account("alice").id)
    expect(q.get("direction")).to.equal("inbound")
    expect(q.get("limit")).to.equal("50")
    await until(() => maybe(el, "[part=empty]"), "nothing matches")
    expect(text(el, "[part=empty]")).to.contain("No calls match the filters")
    $<HTMLButtonElement>(el, "[part=reset]").click()
    await until(() => $$(el, "tbody tr[part=row]").length === 1, "reset")
    expect([...lastQuery().keys()]).to.deep.equal(["limit"])
    expect($<HTMLInputElement>(el, "[name=from]").value).to.equal("")
  })

  it("refuses a start after the end without asking the server", async () => {
    install({ calls: [makeCall()] })
    const el = await mount("en")
    const before = fake.requestsTo("GET", CALLS).length
    choose(el, "to", "2026-03-01")
    await until(() => fake.requestsTo("GET", CALLS).length === before + 1, "to applied")
    choose(el, "from", "2026-03-05")
    await el.updateComplete
    expect(text(el, "#range-error")).to.equal("The start date is after the end date")
    expect($(el, "[name=from]").getAttribute("aria-invalid")).to.equal("true")
    expect(fake.requestsTo("GET", CALLS)).to.have.length(before + 1)
  })

  it("says when there are no calls at all", async () => {
    install()
    const el = await mount("en")
    expect(text(el, "[part=empty]")).to.contain("No calls yet")
    expect(maybe(el, "[part=reset]")).to.equal(null)
  })

  it("loads more pages with the cursor", async () => {
    install({ calls: Array.from({ length: 60 }, (_, i) => makeCall({ minutesAgo: i + 1 })) })
    const el = await mount("en")
    expect($$(el, "tbody tr[part=row]")).to.have.length(50)
    $<HTMLButtonElement>(el, "[part=load-more]").click()
    await until(() => $$(el, "tbody tr[part=row]").length === 60, "second page")
    expect(lastQuery().get("cursor")).to.equal("o:50")
    expect(maybe(el, "[part=load-more]")).to.equal(null)
  })

  it("lets a supervisor read calls without the account filter (accounts are for admins)", async () => {
    install({ user: supervisor.user, accounts: [], calls: [makeCall()] })
    const el = await mount("en")
    expect($$(el, "tbody tr[part=row]")).to.have.length(1)
    await until(() => fake.requestsTo("GET", "/api/v1/telephony/accounts").length > 0, "accounts asked")
    await el.updateComplete
    expect(maybe(el, "select[name=account]")).to.equal(null)
    expect(maybe(el, "select[name=direction]")).to.not.equal(null)
  })

  it("shows a load error with a retry to an operator", async () => {
    install({ user: DEMO_USER, accounts: [] })
    const el = await mount("en")
    expect(text(el, "[part=error]")).to.contain("Could not load the data")
  })

  it("refreshes when a call ends, or offers to once more pages are shown", async () => {
    install({ calls: Array.from({ length: 60 }, (_, i) => makeCall({ minutesAgo: i + 1 })) })
    const el = await mount("en")
    await fake.api.subscribed("call.ended")
    fake.calls.push(makeCall({ minutesAgo: 0, callerName: "Новый звонок" }))
    fake.api.emit("call.ended", {})
    await until(() => textOf($$(el, "tbody tr[part=row]")[0]!).includes("Новый звонок"), "refreshed", 3000)
    $<HTMLButtonElement>(el, "[part=load-more]").click()
    await until(() => $$(el, "tbody tr[part=row]").length === 61, "second page")
    fake.calls.push(makeCall({ minutesAgo: 0, callerName: "Ещё один" }))
    fake.api.emit("call.ended", {})
    await until(() => maybe(el, "[part=new-calls]"), "offered")
    expect($$(el, "tbody tr[part=row]")).to.have.length(61)
    $<HTMLButtonElement>(el, "[part=new-calls]").click()
    await until(() => textOf($$(el, "tbody tr[part=row]")[0]!).includes("Ещё один"), "refreshed on demand")
    expect(maybe(el, "[part=new-calls]")).to.equal(null)
  })
})

/// <reference types="mocha" />
import { expect, fixture, html, oneEvent } from "@open-wc/testing"
import type { HealthDto } from "../api/types.js"
import { LogoutEvent, NavigateEvent } from "../events.js"
import { DEMO_USER, FakeApi, installFakeApi } from "../test/fake-api.js"
import { $, text, until } from "../test/helpers.js"
import "./org-top-bar.js"
import type { OrgTopBar } from "./org-top-bar.js"

const health = (status: HealthDto["status"], sip: HealthDto["status"] = status): HealthDto => ({
  status,
  checks: { database: { status: "ok" }, events: { status: "ok" }, sip: { status: sip } },
})

const dotColour = (el: OrgTopBar) => getComputedStyle($(el, "[part=health-dot]")).backgroundColor

async function mount(lang = "ru"): Promise<OrgTopBar> {
  const el = await fixture<OrgTopBar>(html`<org-top-bar lang=${lang} .user=${DEMO_USER}></org-top-bar>`)
  return el
}

describe("<org-top-bar>", () => {
  let fake: FakeApi
  afterEach(() => fake?.restore())

  it("shows green, yellow and red for ok, degraded and down", async () => {
    fake = installFakeApi({ signedIn: true })
    const el = await mount()
    await until(() => el.level === "ok", "ok")
    expect($(el, "[part=health-dot]").dataset["level"]).to.equal("ok")
    expect(dotColour(el)).to.equal("rgb(22, 163, 74)")
    expect(text(el, ".health-text")).to.equal("Система в норме")
    expect(text(el, ".socket-text")).to.equal("· Обновления: онлайн")

    fake.health = health("degraded", "down")
    await el.refreshHealth()
    await el.updateComplete
    expect($(el, "[part=health-dot]").dataset["level"]).to.equal("degraded")
    expect(dotColour(el)).to.equal("rgb(234, 179, 8)")
    expect(text(el, ".health-text")).to.equal("Частичный сбой")
    expect($(el, "[part=health]").title).to.contain("Телефония: не работает")
    expect($(el, "[part=health]").title).to.contain("База данных: в норме")

    fake.health = health("down")
    await el.refreshHealth()
    await el.updateComplete
    expect(dotColour(el)).to.equal("rgb(220, 38, 38)")
    expect(text(el, ".health-text")).to.equal("Система недоступна")
  })

  it("turns red when /health cannot be reached", async () => {
    fake = installFakeApi({ signedIn: true })
    const el = await mount("en")
    await until(() => el.level === "ok", "ok")
    fake.restore()
    const realFetch = globalThis.fetch
    globalThis.fetch = () => Promise.reject(new TypeError("Failed to fetch"))
    try {
      await el.refreshHealth()
      await el.updateComplete
      expect(el.level).to.equal("down")
      expect(text(el, ".health-text")).to.equal("Server unreachable")
    } finally {
      globalThis.fetch = realFetch
    }
  })

  it("polls /health on its interval", async () => {
    fake = installFakeApi({ signedIn: true })
    const el = await fixture<OrgTopBar>(html`<org-top-bar health-interval="1000" .user=${DEMO_USER}></org-top-bar>`)
    await until(() => el.level === "ok", "ok")
    fake.health = health("degraded")
    await until(() => el.level === "degraded", "next poll", 2500)
    expect(fake.requestsTo("GET", "/health").length).to.be.greaterThanOrEqual(2)
  })

  it("reflects the events socket state", async () => {
    fake = installFakeApi({ signedIn: true })
    fake.socketsAccepted = false
    const el = await mount("en")
    await until(() => text(el, ".health-text") === "All systems normal", "health")
    await until(() => el.level !== "ok" && el.level !== "unknown", "socket level")
    expect(text(el, ".socket-text")).to.match(/Updates: (offline|connecting…)/)
    expect(["rgb(234, 179, 8)", "rgb(220, 38, 38)"]).to.include(dotColour(el))
  })

  it("shows the user and role and fires org-logout", async () => {
    fake = installFakeApi({ signedIn: true })
    const el = await mount()
    expect(text(el, "[part=brand]")).to.equal("S Switchboard")
    expect(text(el, "[part=user]")).to.equal("Анна Петрова Оператор")
    const fired = oneEvent(el, LogoutEvent.type)
    $<HTMLButtonElement>(el, "[part=logout]").click()
    const event = (await fired) as unknown as LogoutEvent
    expect(event).to.be.instanceOf(LogoutEvent)
    expect(event.bubbles && event.composed).to.equal(true)
  })

  it("switches language", async () => {
    fake = installFakeApi({ signedIn: true })
    const el = await mount()
    await until(() => el.level === "ok", "ok")
    expect(text(el, "[part=logout]")).to.equal("Выйти")
    const langSwitch = $(el, "org-lang-switch")
    await (langSwitch as unknown as { updateComplete: Promise<unknown> }).updateComplete
    langSwitch.shadowRoot!.querySelector<HTMLButtonElement>("button[data-lang=en]")!.click()
    await el.updateComplete
    expect(text(el, "[part=logout]")).to.equal("Sign out")
    expect(text(el, ".health-text")).to.equal("All systems normal")
    expect(text(el, "[part=user]")).to.equal("Анна Петрова Operator")
  })
})

describe("<org-top-bar> account and access", () => {
  let fake: FakeApi
  afterEach(() => fake?.restore())

  it("opens the account from the user's name, by keyboard too", async () => {
    fake = installFakeApi({ signedIn: true })
    const el = await mount("en")
    const user = $<HTMLButtonElement>(el, "[part=user]")
    expect(user.getAttribute("aria-label")).to.equal("Account: Анна Петрова")
    user.focus()
    expect(el.shadowRoot!.activeElement).to.equal(user)
    const fired = oneEvent(el, NavigateEvent.type)
    user.click()
    const event = (await fired) as unknown as NavigateEvent
    expect(event.view).to.equal("account")
    expect(event.composed).to.equal(true)
  })

  it("shows a refused token as no access", async () => {
    fake = installFakeApi()
    const el = await fixture<OrgTopBar>(html`<org-top-bar token="expired-token" lang="en" .user=${DEMO_USER}></org-top-bar>`)
    await until(() => text(el, ".socket-text").includes("access denied"), "unauthorized")
    expect(el.level).to.equal("down")
  })
})


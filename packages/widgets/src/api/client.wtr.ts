/// <reference types="mocha" />
import { expect } from "@open-wc/testing"
import { ADMIN_USER, FakeApi, installFakeApi, makeCase } from "../test/fake-api.js"
import { until } from "../test/helpers.js"
import { ApiClient } from "./client.js"
import { ApiError } from "./errors.js"
import { EventsConnection, type ConnectionState } from "./events.js"
import type { ServerEvent } from "./types.js"

describe("ApiClient", () => {
  let fake: FakeApi
  afterEach(() => fake?.restore())

  it("sends the widget token and the language, and no cookies with a token", async () => {
    fake = installFakeApi({ cases: [makeCase()] })
    const api = new ApiClient({ token: "test-token" })
    const page = await api.listCases({ limit: 10 }, { lang: "en" })
    expect(page.items).to.have.length(1)
    const [req] = fake.requestsTo("GET", "/api/v1/cases")
    // Bearer only: works cross-origin under Access-Control-Allow-Origin: *.
    expect(req!.credentials).to.equal("omit")
    expect(req!.headers.get("authorization")).to.equal("Bearer test-token")
    expect(req!.headers.get("accept-language")).to.equal("en")
    expect(req!.query.get("limit")).to.equal("10")
  })

  it("sends the session cookie and no Authorization header without a token", async () => {
    fake = installFakeApi({ signedIn: true })
    await new ApiClient().me()
    expect(fake.requests[0]!.headers.has("authorization")).to.equal(false)
    expect(fake.requests[0]!.credentials).to.equal("include")
  })

  it("tells its listeners about every 401", async () => {
    fake = installFakeApi({ signedIn: true })
    const api = new ApiClient()
    const seen: string[] = []
    const off = api.onUnauthorized((e) => seen.push(e.code))
    await api.listSessions()
    expect(seen).to.deep.equal([])
    fake.endSession()
    await api.listSessions().catch(() => undefined)
    off()
    await api.listSessions().catch(() => undefined)
    expect(seen).to.deep.equal(["unauthorized"])
  })

  it("calls the account and administration routes", async () => {
    fake = installFakeApi({ signedIn: true, user: ADMIN_USER })
    const api = new ApiClient()
    const invitation = await api.createInvitation({ login: "ivan", name: "Иван", roles: ["operator"] })
    expect(invitation.link).to.equal(`/invite#${invitation.token}`)
    expect(fake.requestsTo("POST", "/api/v1/auth/invitations")[0]!.body).to.deep.equal({ login: "ivan", name: "Иван", roles: ["operator"] })
    expect((await api.listInvitations()).map((i) => [i.login, i.state])).to.deep.equal([["ivan", "pending"]])
    const accepted = await new ApiClient().acceptInvitation({ token: invitation.token, password: "0123456789" })
    expect(accepted.login).to.equal("ivan")
    expect((await api.listUsers()).map((u) => u.login)).to.deep.equal(["admin", "ivan"])
    const key = await api.createApiKey({ name: "CRM", roles: ["operator"] })
    expect(key.key.startsWith(key.prefix)).to.equal(true)
    await api.revokeApiKey(key.id)
    expect((await api.listApiKeys())[0]!.revokedAt).to.be.a("string")
    expect(fake.requestsTo("DELETE", `/api/v1/auth/api-keys/${key.id}`)).to.have.length(1)
  })

  it("prefixes every path with baseUrl", async () => {
    fake = installFakeApi({ prefix: "/switchboard", signedIn: true })
    const api = new ApiClient({ baseUrl: "/switchboard/" })
    const user = await api.me()
    expect(user.login).to.equal("operator")
    expect(fake.requests[0]!.path).to.equal("/switchboard/api/v1/auth/me")
    expect(api.eventsUrl()).to.equal(`ws://${location.host}/switchboard/api/v1/events`)
  })

  it("puts the token on the events URL", () => {
    const api = new ApiClient({ baseUrl: "https://example.test/x", token: "a b" })
    expect(api.eventsUrl()).to.equal("wss://example.test/x/api/v1/events?token=a+b")
  })

  it("turns a 400 problem into an ApiError with fields", async () => {
    fake = installFakeApi({ signedIn: true })
    const error = await new ApiClient()
      .createCase({ title: " ", applicantPhone: "abc" }, { lang: "en" })
      .then(() => null, (e: unknown) => e)
    expect(error).to.be.instanceOf(ApiError)
    const e = error as ApiError
    expect(e.status).to.equal(400)
    expect(e.code).to.equal("validation_failed")
    expect(e.title).to.equal("Check the data")
    expect(e.fields.map((f) => f.path)).to.deep.equal(["title", "applicantPhone"])
    expect(e.fieldMessage("applicantPhone")).to.equal("Invalid phone number format")
    expect(fake.cases).to.have.length(0)
  })

  it("reads Retry-After of a 429", async () => {
    fake = installFakeApi()
    fake.throttleSeconds = 42
    const e = (await new ApiClient().login({ login: "x", password: "y", remember: false }).catch((e) => e)) as ApiError
    expect(e.status).to.equal(429)
    expect(e.code).to.equal("too_many_attempts")
    expect(e.retryAfter).to.equal(42)
  })

  it("reports a network failure as status 0", async () => {
    const api = new ApiClient({ fetch: () => Promise.reject(new TypeError("Failed to fetch")) })
    const e = (await api.me().catch((e) => e)) as ApiError
    expect(e).to.be.instanceOf(ApiError)
    expect(e.status).to.equal(0)
    expect(e.code).to.equal("network_error")
  })

  it("copes with a non-JSON error page", async () => {
    const api = new ApiClient({
      fetch: async () => new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }),
    })
    const e = (await api.listCases().catch((e) => e)) as ApiError
    expect(e.status).to.equal(502)
    expect(e.code).to.equal("http_error")
    expect(e.title).to.equal("Bad Gateway")
  })

  it("returns the health body of a 503", async () => {
    fake = installFakeApi({ health: { status: "down", checks: { database: { status: "down" } } } })
    const health = await new ApiClient().health()
    expect(health.status).to.equal("down")
    expect(health.checks["database"]!.status).to.equal("down")
  })

  it("logout ends the session", async () => {
    fake = installFakeApi({ signedIn: true })
    const api = new ApiClient()
    await api.logout()
    const e = (await api.me().catch((e) => e)) as ApiError
    expect(e.status).to.equal(401)
  })
})

describe("EventsConnection", () => {
  let fake: FakeApi
  let conn: EventsConnection | undefined
  afterEach(() => {
    conn?.close()
    fake?.restore()
  })

  it("subscribes after open and hands events to listeners of their topic", async () => {
    fake = installFakeApi({ signedIn: true })
    conn = new ApiClient().events()
    const got: ServerEvent[] = []
    const other: ServerEvent[] = []
    conn.on("case.created", (e) => got.push(e))
    conn.on("call.started", (e) => other.push(e))
    conn.subscribe(["case.created"])
    const release = conn.retain()
    const socket = await fake.subscribed("case.created")
    expect(socket.sent[0]).to.deep.equal({ type: "subscribe", topics: ["case.created"] })
    expect(conn.state).to.equal("open")
    socket.serverSend("not json")
    socket.serverSend(JSON.stringify({ type: "subscribed", topics: ["case.created"] }))
    const item = makeCase()
    fake.emit("case.created", item)
    await until(() => got.length === 1, "event")
    expect(got[0]!.payload).to.deep.equal(item)
    expect(other).to.have.length(0)
    release()
    expect(conn.state).to.equal("closed")
  })

  it("reconnects with backoff and subscribes again", async () => {
    fake = installFakeApi({ signedIn: true })
    conn = new EventsConnection({ url: new ApiClient().eventsUrl(), minDelayMs: 20, maxDelayMs: 80 })
    const states: ConnectionState[] = []
    conn.onStateChange((s) => states.push(s))
    conn.subscribe(["case.created"])
    conn.connect()
    const first = await fake.subscribed("case.created")
    fake.socketsAccepted = false
    first.serverClose()
    await until(() => states.filter((s) => s === "closed").length >= 3, "failed reconnects")
    fake.socketsAccepted = true
    const second = await fake.subscribed("case.created")
    expect(second).to.not.equal(first)
    expect(second.sent).to.deep.equal([{ type: "subscribe", topics: ["case.created"] }])
    expect(conn.state).to.equal("open")
    expect(states.slice(0, 4)).to.deep.equal(["connecting", "open", "closed", "connecting"])
  })

  it("asks for the events it missed when it reconnects", async () => {
    fake = installFakeApi({ signedIn: true })
    conn = new EventsConnection({ url: new ApiClient().eventsUrl(), minDelayMs: 20 })
    const titles: string[] = []
    conn.on("case.created", (e) => titles.push((e.payload as { title: string }).title))
    conn.subscribe(["case.created"])
    conn.connect()
    const first = await fake.subscribed("case.created")
    expect(new URL(first.url).searchParams.has("since")).to.equal(false)
    fake.createFromOtherClient({ title: "one" })
    await until(() => titles.length === 1, "first event")
    fake.socketsAccepted = false
    first.serverClose()
    fake.createFromOtherClient({ title: "missed" })
    fake.socketsAccepted = true
    const second = await fake.subscribed("case.created")
    expect(new URL(second.url).searchParams.get("since")).to.equal("1")
    await until(() => titles.length === 2, "replayed event")
    expect(titles).to.deep.equal(["one", "missed"])
  })

  it("stops reconnecting when the server closes with 4401, until connect() is called again", async () => {
    fake = installFakeApi({ signedIn: false })
    conn = new EventsConnection({ url: new ApiClient().eventsUrl(), minDelayMs: 10 })
    const states: ConnectionState[] = []
    conn.onStateChange((s) => states.push(s))
    conn.subscribe(["case.created"])
    conn.connect()
    await until(() => conn!.state === "unauthorized", "unauthorized")
    await new Promise((r) => setTimeout(r, 80))
    // One attempt only: a 4401 is not network trouble.
    expect(states).to.deep.equal(["connecting", "open", "unauthorized"])
    expect(fake.sockets).to.have.length(0)
    fake.signedIn = true
    conn.connect()
    await fake.subscribed("case.created")
    expect(conn.state).to.equal("open")
  })

  it("reports unauthorized when a widget token is refused", async () => {
    fake = installFakeApi()
    conn = new ApiClient({ token: "expired-token" }).events()
    const release = conn.retain()
    await until(() => conn!.state === "unauthorized", "unauthorized")
    release()
    expect(conn.state).to.equal("closed")
  })

  it("does not reconnect after close()", async () => {
    fake = installFakeApi({ signedIn: true })
    conn = new EventsConnection({ url: new ApiClient().eventsUrl(), minDelayMs: 10 })
    conn.connect()
    await until(() => conn!.state === "open", "open")
    conn.close()
    await new Promise((r) => setTimeout(r, 60))
    expect(fake.sockets).to.have.length(0)
    expect(conn.state).to.equal("closed")
  })
})

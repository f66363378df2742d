/**
 * Messages with the applicant, against an imitation of SMS.ru on 127.0.0.1
 * that answers as SMS.ru documents (https://sms.ru/api/send, json=1).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { casesApplicantsMigrations } from "../src/applicants/migrations"
import {
  type Actor, coreMigrations, createTenant, CurrentActor, type Database, type DomainEvent, EventBus, loadActor,
} from "@org/core/server"
import { coreTestLayer, createTestDatabase, makeTestRuntime, type TestDatabase } from "@org/core/testing"
import { Effect, Exit, Layer, ManagedRuntime } from "effect"
import { MessageChannels } from "../src/messages/channels"
import { moveNotice, tenantLanguage } from "../src/messages/notify-on-move"
import { smsRuChannel } from "../src/messages/sms-ru"
import {
  CaseMessages, Cases, casesMessagesMigrations, casesMigrations, CaseTypes, type CaseTypeDef, Reference, referenceMigrations,
} from "../src/server"

const API_ID = "A1B2C3D4-test"

/** What the imitation received, and how it should answer the next requests. */
const provider = {
  requests: [] as Record<string, string>[],
  mode: "ok" as "ok" | "http500" | "slow",
  seq: 0,
}
let fake: ReturnType<typeof Bun.serve>
const startFakeSmsRu = () =>
  Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const url = new URL(req.url)
      if (req.method !== "POST" || url.pathname !== "/sms/send") return new Response("not found", { status: 404 })
      const form = Object.fromEntries(new URLSearchParams(await req.text()))
      provider.requests.push(form)
      if (provider.mode === "http500") return new Response("oops", { status: 500 })
      if (provider.mode === "slow") await Bun.sleep(1500)
      if (form.api_id !== API_ID) return Response.json({ status: "ERROR", status_code: 200, status_text: "Неправильный api_id" })
      if (form.json !== "1" || !form.msg) return Response.json({ status: "ERROR", status_code: 210, status_text: "Используется GET, где необходимо использовать POST" })
      const to = form.to
      // Numbers ending in 0000 are ones SMS.ru will not send to (code 207).
      const sms = to.endsWith("0000")
        ? { [to]: { status: "ERROR", status_code: 207, status_text: "На этот номер нельзя отправлять сообщения" } }
        : { [to]: { status: "OK", status_code: 100, sms_id: `000000-${10000000 + ++provider.seq}` } }
      return Response.json({ status: "OK", status_code: 100, sms, balance: 4122.56 })
    },
  })

const t2 = (ru: string, en: string) => ({ ru, en })
const appeal: CaseTypeDef = {
  key: "appeal",
  name: t2("Обращение", "Appeal"),
  numberFormat: "AP-{SEQ:4}",
  fields: [{ key: "email", label: t2("Почта", "E-mail"), kind: "email", group: "applicant" }],
  states: [
    { key: "new", label: t2("Новое", "New"), category: "open", initial: true },
    { key: "waiting", label: t2("Ждём ответа", "Waiting for reply"), category: "paused" },
    { key: "done", label: t2("Решено", "Resolved"), category: "resolved" },
    { key: "closed", label: t2("Закрыто", "Closed"), category: "resolved" },
  ],
  transitions: [
    { from: ["new"], to: "waiting", notifyApplicant: true },
    { from: ["new", "waiting"], to: "done", notifyApplicant: true },
    { from: ["new"], to: "closed" },
  ],
}

let tdb: TestDatabase
let runtime: ReturnType<typeof makeRuntime>
const channels = () => CaseMessages.channels({ sms: { provider: "smsru", apiId: API_ID, baseUrl: `http://127.0.0.1:${fake.port}` } })
const makeRuntime = (url: string | undefined) =>
  makeTestRuntime(CaseMessages.layer.pipe(
    Layer.provideMerge(channels()),
    Layer.provideMerge(Cases.layer),
    Layer.provideMerge(Layer.merge(CaseTypes.layer, Reference.layer)),
    Layer.provideMerge(coreTestLayer(url, [coreMigrations, casesMigrations, referenceMigrations, casesApplicantsMigrations, casesMessagesMigrations])),
  ))

type Svc = CaseMessages["Service"]
type Deps = { m: Svc; cases: Cases["Service"]; types: CaseTypes["Service"] }
const run = <A, E>(actor: Actor, f: (d: Deps) => Effect.Effect<A, E, any>) =>
  Effect.gen(function* () {
    return yield* f({ m: yield* CaseMessages, cases: yield* Cases, types: yield* CaseTypes })
  }).pipe(Effect.provideService(CurrentActor, actor)) as Effect.Effect<A, E, never>
const as = <A, E>(actor: Actor, f: (d: Deps) => Effect.Effect<A, E, any>) => runtime.runPromise(run(actor, f))
const failure = async <A, E>(actor: Actor, f: (d: Deps) => Effect.Effect<A, E, any>): Promise<any> => {
  const exit = await runtime.runPromiseExit(run(actor, f))
  if (Exit.isSuccess(exit)) throw new Error(`expected a failure, got ${JSON.stringify(exit.value)}`)
  const err = Exit.findErrorOption(exit)
  if (err._tag !== "Some") throw new Error(`expected a typed failure: ${String(exit.cause)}`)
  return err.value
}

let n = 0
/** A tenant with the "appeal" type; its admin and operator. */
const tenant = async (timeZone?: string) => {
  const slug = `msg${Date.now().toString(36)}${n++}`
  const t = await runtime.runPromise(createTenant({
    name: slug, slug, ...(timeZone ? { timeZone } : {}),
    users: [
      { login: `${slug}-admin`, name: "admin", password: "0123456789", roles: ["admin"] },
      { login: `${slug}-op`, name: "op", password: "0123456789", roles: ["operator"] },
    ],
  }))
  const [admin, operator] = await Promise.all(t.users.map((u) => runtime.runPromise(loadActor(u.id, "session"))))
  await as(admin!, ({ types }) => types.create(appeal))
  return { admin: admin!, operator: operator! }
}

const events = async () => {
  const got: DomainEvent[] = []
  const off = (await runtime.runPromise(Effect.service(EventBus))).subscribe((e) => got.push(e))
  return { got, off }
}
/** Waits until `check` holds (events and the notify-on-move handler run after commit). */
const until = async (check: () => Promise<boolean> | boolean, ms = 3000) => {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) return
    await Bun.sleep(25)
  }
  throw new Error("condition not met in time")
}

let A: Awaited<ReturnType<typeof tenant>>
let B: Awaited<ReturnType<typeof tenant>>
beforeAll(async () => {
  fake = startFakeSmsRu()
  tdb = await createTestDatabase()
  runtime = makeRuntime(tdb.url)
  await runtime.runPromise(Effect.void)
  A = await tenant()
  B = await tenant()
}, 60_000)
afterAll(async () => {
  await runtime.dispose()
  await tdb.drop()
  fake.stop(true)
})

describe("sending", () => {
  test("channels: sms goes through SMS.ru, e-mail and push are kept in the database only", async () => {
    expect(await as(A.operator, ({ m }) => Effect.succeed(m.channels()))).toEqual([
      { channel: "sms", configured: true, provider: "smsru" },
      { channel: "email", configured: false, provider: null },
      { channel: "push", configured: false, provider: null },
    ])
  })

  test("an SMS to the applicant: SMS.ru gets api_id, the digits and the text; the message is sent with its sms_id, journaled, published twice", async () => {
    const c = await as(A.operator, ({ cases }) => cases.create({ title: "sms", applicantPhone: "8 (916) 555-12-34" }))
    const before = provider.requests.length
    const { got, off } = await events()
    const msg = await as(A.operator, ({ m }) => m.send(c.id, { channel: "sms", text: "Мастер приедет в 15:00" }))
    expect(msg).toMatchObject({
      caseId: c.id, direction: "out", channel: "sms", to: "+79165551234", from: null, text: "Мастер приедет в 15:00",
      status: "sent", statusReason: null, by: A.operator.userId,
    })
    expect(provider.requests.slice(before)).toEqual([{ api_id: API_ID, to: "79165551234", msg: "Мастер приедет в 15:00", json: "1" }])
    await until(() => got.filter((e) => e.topic === "case.message" && e.tenantId === A.admin.tenantId).length === 2)
    off()
    expect(got.filter((e) => e.topic === "case.message").map((e) => (e.payload as any).message.status)).toEqual(["queued", "sent"])
    const journal = await as(A.operator, ({ cases }) => cases.journal(c.id))
    expect(journal.at(-1)).toMatchObject({ kind: "message", data: { messageId: msg.id, direction: "out", channel: "sms", to: "+79165551234" } })
    expect((await as(A.operator, ({ m }) => m.list(c.id))).map((x) => [x.id, x.status])).toEqual([[msg.id, "sent"]])
  })

  test("no provider for the channel: kept as not_sent / no_provider, never a fake success, nothing sent anywhere", async () => {
    const c = await as(A.operator, ({ cases }) => cases.create({ title: "push", applicantPhone: "+79165550001" }))
    const before = provider.requests.length
    const push = await as(A.operator, ({ m }) => m.send(c.id, { channel: "push", text: "hello" }))
    expect(push).toMatchObject({ status: "not_sent", statusReason: "no_provider", to: "+79165550001" })
    const email = await as(A.operator, ({ m }) => m.send(c.id, { channel: "email", text: "hello", to: " Ivan@Mail.RU " }))
    expect(email).toMatchObject({ status: "not_sent", statusReason: "no_provider", to: "Ivan@mail.ru" })
    expect(provider.requests.length).toBe(before)
  })

  test("the embedded default (no channels configured) keeps SMS as not_sent", async () => {
    const ch = await Effect.runPromise(Effect.service(MessageChannels))
    expect(ch.sms.provider).toBeNull()
    expect(await Effect.runPromise(ch.sms.send({ id: "x", tenantId: "t", channel: "sms", to: "+79990000000", text: "x" })))
      .toEqual({ status: "not_sent", reason: "no_provider" })
  })

  test("SMS.ru refusing the number: failed with its code and words", async () => {
    const c = await as(A.operator, ({ cases }) => cases.create({ title: "blocked", applicantPhone: "+79160000000" }))
    const msg = await as(A.operator, ({ m }) => m.send(c.id, { channel: "sms", text: "x" }))
    expect(msg).toMatchObject({ status: "failed", statusReason: "smsru_207: На этот номер нельзя отправлять сообщения" })
  })

  test("the adapter: wrong api_id, HTTP errors, an unreachable or slow provider are failed results with a reason", async () => {
    const base = `http://127.0.0.1:${fake.port}`
    const msg = { id: "m", tenantId: "t", channel: "sms" as const, to: "+79165551234", text: "x" }
    expect(await Effect.runPromise(smsRuChannel({ apiId: "wrong", baseUrl: base }).send(msg)))
      .toEqual({ status: "failed", reason: "smsru_200: Неправильный api_id" })
    provider.mode = "http500"
    expect(await Effect.runPromise(smsRuChannel({ apiId: API_ID, baseUrl: base }).send(msg))).toEqual({ status: "failed", reason: "http_500" })
    provider.mode = "slow"
    expect(await Effect.runPromise(smsRuChannel({ apiId: API_ID, baseUrl: base, timeoutMs: 200 }).send(msg))).toEqual({ status: "failed", reason: "timeout" })
    provider.mode = "ok"
    const closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") })
    const closedUrl = `http://127.0.0.1:${closed.port}`
    closed.stop(true)
    expect(await Effect.runPromise(smsRuChannel({ apiId: API_ID, baseUrl: closedUrl }).send(msg))).toEqual({ status: "failed", reason: "network_error" })
  })

  test("addresses: a bad phone or e-mail, or none at all, is a validation error on `to`; e-mail defaults to the case's e-mail field", async () => {
    const untyped = await as(A.operator, ({ cases }) => cases.create({ title: "no phone" }))
    expect(await failure(A.operator, ({ m }) => m.send(untyped.id, { channel: "sms", text: "x" }))).toMatchObject({ _tag: "ValidationError", fields: [{ path: "to" }] })
    expect(await failure(A.operator, ({ m }) => m.send(untyped.id, { channel: "sms", text: "x", to: "12" }))).toMatchObject({ fields: [{ path: "to" }] })
    expect(await failure(A.operator, ({ m }) => m.send(untyped.id, { channel: "email", text: "x", to: "not an address" }))).toMatchObject({ fields: [{ path: "to" }] })
    const typed = await as(A.operator, ({ cases }) => cases.create({ title: "with mail", type: "appeal", values: { email: "petrov@example.com" } }))
    expect(await as(A.operator, ({ m }) => m.send(typed.id, { channel: "email", text: "x" }))).toMatchObject({ to: "petrov@example.com", status: "not_sent" })
    expect(await as(A.operator, ({ m }) => m.list(untyped.id))).toEqual([])
  })

  test("another tenant cannot read or write a case's chat", async () => {
    const c = await as(A.operator, ({ cases }) => cases.create({ title: "secret", applicantPhone: "+79165551111" }))
    await as(A.operator, ({ m }) => m.send(c.id, { channel: "push", text: "secret text" }))
    expect(await failure(B.operator, ({ m }) => m.list(c.id))).toMatchObject({ _tag: "NotFound" })
    expect(await failure(B.operator, ({ m }) => m.send(c.id, { channel: "push", text: "x" }))).toMatchObject({ _tag: "NotFound" })
    expect((await as(A.operator, ({ m }) => m.list(c.id))).length).toBe(1)
  })
})

describe("inbound", () => {
  test("joins the case named by its number", async () => {
    const c = await as(A.operator, ({ cases }) => cases.create({ title: "by number", applicantPhone: "+79165552222" }))
    const msg = await as(A.admin, ({ m }) => m.inbound({ channel: "sms", from: "8 916 000-00-01", text: "Это по обращению", caseNumber: c.number }))
    expect(msg).toMatchObject({ caseId: c.id, direction: "in", status: "received", from: "+79160000001", to: null, by: null })
    expect((await as(A.operator, ({ cases }) => cases.journal(c.id))).at(-1)).toMatchObject({ kind: "message", data: { direction: "in" } })
  })

  test("by phone: the newest active case; resolved cases and other tenants' cases do not count", async () => {
    const phone = "+79165553333"
    const older = await as(A.operator, ({ cases }) => cases.create({ title: "older", type: "appeal", applicantPhone: phone }))
    const paused = await as(A.operator, ({ cases }) => cases.create({ title: "paused", type: "appeal", applicantPhone: phone }))
    await as(A.operator, ({ cases }) => cases.move(paused.id, { to: "waiting", version: paused.version }))
    const resolved = await as(A.operator, ({ cases }) => cases.create({ title: "resolved", type: "appeal", applicantPhone: phone }))
    await as(A.operator, ({ cases }) => cases.move(resolved.id, { to: "closed", version: resolved.version }))
    await as(B.operator, ({ cases }) => cases.create({ title: "B's newer", applicantPhone: phone }))
    const msg = await as(A.admin, ({ m }) => m.inbound({ channel: "sms", from: "8 (916) 555-33-33", text: "Где мастер?" }))
    expect(msg.caseId).toBe(paused.id)
    expect(older.id < paused.id).toBe(true)
    // untyped cases count while new
    const untyped = await as(A.operator, ({ cases }) => cases.create({ title: "untyped newest", applicantPhone: phone }))
    expect((await as(A.admin, ({ m }) => m.inbound({ channel: "sms", from: phone, text: "ещё" }))).caseId).toBe(untyped.id)
  })

  test("no case to join: 404 no_case_for_message, nothing stored", async () => {
    expect(await failure(A.admin, ({ m }) => m.inbound({ channel: "sms", from: "+79160009999", text: "кто-нибудь?" })))
      .toMatchObject({ _tag: "DomainRejection", status: 404, code: "no_case_for_message" })
    expect(await failure(A.admin, ({ m }) => m.inbound({ channel: "sms", from: "+79160009999", text: "x", caseNumber: "NOPE-1" })))
      .toMatchObject({ code: "no_case_for_message" })
    await as(B.admin, ({ types }) => types.create({ ...appeal, key: "b_only", numberFormat: "BONLY-{SEQ:3}" }))
    const bCase = await as(B.operator, ({ cases }) => cases.create({ title: "B's", type: "b_only", applicantPhone: "+79160008888" }))
    expect(await failure(A.admin, ({ m }) => m.inbound({ channel: "sms", from: "+79160008888", text: "x", caseNumber: bCase.number })))
      .toMatchObject({ code: "no_case_for_message" })
    expect(await as(B.operator, ({ m }) => m.list(bCase.id))).toEqual([])
  })
})

describe("delivery status", () => {
  test("the provider's report moves the status forward and is published; a late report never undoes delivered", async () => {
    const c = await as(A.operator, ({ cases }) => cases.create({ title: "status", applicantPhone: "+79165554444" }))
    const msg = await as(A.operator, ({ m }) => m.send(c.id, { channel: "sms", text: "x" }))
    const providerId = `000000-${10000000 + provider.seq}`
    await Bun.sleep(200) // the send's own events arrive first
    const { got, off } = await events()
    await as(A.admin, ({ m }) => m.updateStatus({ providerMessageId: providerId, status: "delivered" }))
    await as(A.admin, ({ m }) => m.updateStatus({ providerMessageId: providerId, status: "sent" }))
    await as(A.admin, ({ m }) => m.updateStatus({ providerMessageId: providerId, status: "failed", reason: "late" }))
    expect((await as(A.operator, ({ m }) => m.list(c.id))).find((x) => x.id === msg.id)).toMatchObject({ status: "delivered", statusReason: null })
    await until(() => got.some((e) => e.topic === "case.message"))
    await Bun.sleep(100)
    off()
    expect(got.filter((e) => e.topic === "case.message").map((e) => (e.payload as any).message.status)).toEqual(["delivered"])
  })

  test("a failure report keeps its reason; unknown ids and other tenants' ids are NotFound", async () => {
    const c = await as(A.operator, ({ cases }) => cases.create({ title: "status 2", applicantPhone: "+79165555555" }))
    await as(A.operator, ({ m }) => m.send(c.id, { channel: "sms", text: "x" }))
    const providerId = `000000-${10000000 + provider.seq}`
    expect(await failure(B.admin, ({ m }) => m.updateStatus({ providerMessageId: providerId, status: "failed" }))).toMatchObject({ _tag: "NotFound" })
    expect(await failure(A.admin, ({ m }) => m.updateStatus({ providerMessageId: "nope", status: "delivered" }))).toMatchObject({ _tag: "NotFound" })
    await as(A.admin, ({ m }) => m.updateStatus({ providerMessageId: providerId, status: "failed", reason: "abonent unreachable" }))
    expect((await as(A.operator, ({ m }) => m.list(c.id)))[0]).toMatchObject({ status: "failed", statusReason: "abonent unreachable" })
  })
})

describe("notify on move", () => {
  const smsOf = async (actor: Actor, caseId: string) =>
    (await as(actor, ({ m }) => m.list(caseId))).filter((x) => x.direction === "out" && x.channel === "sms")

  test("a move along a notifyApplicant transition texts the applicant once, in the tenant's language, as the system", async () => {
    const c = await as(A.operator, ({ cases }) => cases.create({ title: "notify", type: "appeal", applicantPhone: "+79165556666" }))
    const before = provider.requests.length
    await as(A.operator, ({ cases }) => cases.move(c.id, { to: "waiting", version: c.version }))
    await until(async () => (await smsOf(A.operator, c.id)).some((x) => x.status === "sent"))
    await Bun.sleep(200)
    const sms = await smsOf(A.operator, c.id)
    expect(sms).toHaveLength(1)
    expect(sms[0]).toMatchObject({ to: "+79165556666", text: `Ваше обращение ${c.number}: статус «Ждём ответа»`, status: "sent", by: null })
    expect(provider.requests.slice(before).map((r) => [r.to, r.msg])).toEqual([["79165556666", `Ваше обращение ${c.number}: статус «Ждём ответа»`]])
    const journal = await as(A.operator, ({ cases }) => cases.journal(c.id))
    expect(journal.filter((j) => j.kind === "message").map((j) => j.actorLogin)).toEqual(["system"])
  })

  test("a move without notifyApplicant sends nothing; neither does a case without a phone", async () => {
    const c = await as(A.operator, ({ cases }) => cases.create({ title: "quiet", type: "appeal", applicantPhone: "+79165557777" }))
    await as(A.operator, ({ cases }) => cases.move(c.id, { to: "closed", version: c.version }))
    const noPhone = await as(A.operator, ({ cases }) => cases.create({ title: "no phone", type: "appeal" }))
    await as(A.operator, ({ cases }) => cases.move(noPhone.id, { to: "waiting", version: noPhone.version }))
    await Bun.sleep(300)
    expect(await smsOf(A.operator, c.id)).toEqual([])
    expect(await smsOf(A.operator, noPhone.id)).toEqual([])
  })

  test("an English-speaking tenant gets the English text", async () => {
    const en = await tenant("Europe/London")
    const c = await as(en.operator, ({ cases }) => cases.create({ title: "en", type: "appeal", applicantPhone: "+447700900123" }))
    await as(en.operator, ({ cases }) => cases.move(c.id, { to: "done", version: c.version }))
    await until(async () => (await smsOf(en.operator, c.id)).length === 1)
    expect((await smsOf(en.operator, c.id))[0].text).toBe(`Your case ${c.number}: status "Resolved"`)
    expect(tenantLanguage("Asia/Novosibirsk")).toBe("ru")
    expect(moveNotice("ru", "AP-0001", t2("Решено", "Resolved"))).toBe("Ваше обращение AP-0001: статус «Решено»")
  })

  test("several instances hear the same move: exactly one SMS is sent", async () => {
    // A second CaseMessages on the same database and bus, as another server instance would be.
    const context = await runtime.runPromise(Effect.context<Database | EventBus | Cases | CaseTypes | Reference>())
    const extra = [1, 2].map(() => ManagedRuntime.make(CaseMessages.layer.pipe(Layer.provide(channels()), Layer.provide(Layer.succeedContext(context)))))
    await Promise.all(extra.map((r) => r.runPromise(Effect.void)))
    // And, on PostgreSQL, a whole separate instance with its own connections and LISTEN.
    const other = tdb.url ? makeRuntime(tdb.url) : undefined
    if (other) await other.runPromise(Effect.void)
    try {
      const c = await as(A.operator, ({ cases }) => cases.create({ title: "many instances", type: "appeal", applicantPhone: "+79165558888" }))
      const before = provider.requests.length
      await as(A.operator, ({ cases }) => cases.move(c.id, { to: "waiting", version: c.version }))
      await until(async () => (await smsOf(A.operator, c.id)).some((x) => x.status === "sent"))
      await Bun.sleep(500)
      expect((await smsOf(A.operator, c.id)).length).toBe(1)
      expect(provider.requests.slice(before).filter((r) => r.to === "79165558888")).toHaveLength(1)
    } finally {
      await Promise.all(extra.map((r) => r.dispose()))
      await other?.dispose()
    }
  }, 30_000)

})

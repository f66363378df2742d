import { describe, expect, test } from "bun:test"
import { type BindingEvent, computeHa1, tagOf } from "../../src/server"
import { authorization, challenges } from "../support/peers"
import { ALICE, DOMAIN, SOURCE, contactsOf, setup } from "./harness"

const CONTACT = "<sip:alice@127.0.0.1:5070>"

describe("REGISTER challenge and digest authentication", () => {
  test("no credentials: 401 with two challenges, SHA-256 first then MD5, qop=auth, realm = domain, To tag", async () => {
    const { send } = setup()
    const r = await send({ contacts: [CONTACT] })
    expect(r.status).toBe(401)
    const c = challenges(r)
    expect(c.map((x) => x.algorithm)).toEqual(["SHA-256", "MD5"])
    for (const x of c) {
      expect(x.realm).toBe(DOMAIN)
      expect(x.qop).toBe("auth")
      expect(x.nonce.length).toBe(40)
    }
    expect(r.headers.get("WWW-Authenticate")).toContain('qop="auth"')
    expect(tagOf(r.headers.get("To"))).toBeDefined()
  })

  test("the order of the challenges is configurable (MD5 first for old UAs that read only the first)", async () => {
    const { send } = setup({ algorithms: ["MD5", "SHA-256"] })
    expect(challenges(await send()).map((x) => x.algorithm)).toEqual(["MD5", "SHA-256"])
    const { send: sendMd5Only } = setup({ algorithms: ["MD5"] })
    expect(challenges(await sendMd5Only()).map((x) => x.algorithm)).toEqual(["MD5"])
  })

  test("MD5 and SHA-256 credentials are both accepted", async () => {
    for (const algorithm of ["MD5", "SHA-256"] as const) {
      const { register, location } = setup()
      const r = await register({ contacts: [CONTACT], algorithm })
      expect(r.status).toBe(200)
      expect(location.lookup(`sip:alice@${DOMAIN}`).length).toBe(1)
    }
  })

  test("an account stored as HA1 only is challenged with the algorithms it has, and authenticates", async () => {
    const ha1Only = { ...ALICE, password: undefined, ha1: { MD5: computeHa1("MD5", "alice", DOMAIN, "wonderland") } }
    const { send, register } = setup({}, [ha1Only])
    expect(challenges(await send()).map((x) => x.algorithm)).toEqual(["MD5"])
    expect((await register({ contacts: [CONTACT] })).status).toBe(200)
  })

  test("extra credentials (softphone tokens): each works as the password, for both algorithms; HA1-only accounts too", async () => {
    const withToken = { ...ALICE, password: undefined, ha1: { MD5: computeHa1("MD5", "alice", DOMAIN, "wonderland"), "SHA-256": computeHa1("SHA-256", "alice", DOMAIN, "wonderland") }, extraCredentials: [{ password: "token-one" }, { password: "token-two" }] }
    for (const password of ["wonderland", "token-one", "token-two"]) {
      for (const algorithm of ["MD5", "SHA-256"] as const) {
        const { register } = setup({}, [withToken])
        expect((await register({ contacts: [CONTACT], password, algorithm })).status).toBe(200)
      }
    }
    const { register } = setup({}, [withToken])
    expect((await register({ contacts: [CONTACT], password: "token-three" })).status).toBe(401)
  })

  test("wrong password: 401 with a new challenge, then 403 after N failures; the right password is refused meanwhile", async () => {
    const { register, send, clock } = setup({ maxAuthFailures: 3, authFailureWindowMs: 60_000 })
    const first = await send()
    const r1 = await register({ password: "nope" })
    expect(r1.status).toBe(401)
    expect(challenges(r1)[0].nonce).not.toBe(challenges(first)[0].nonce)
    expect((await register({ password: "nope" })).status).toBe(401)
    expect((await register({ password: "nope" })).status).toBe(403)
    expect((await register({ password: "wonderland" })).status).toBe(403)
    expect((await send()).status).toBe(403)
    // someone else (another address) is not locked out by the guesser
    const elsewhere = { ...SOURCE, address: "127.0.0.2", flowId: "udp:127.0.0.2:5070" }
    expect((await register({ contacts: [CONTACT], source: elsewhere })).status).toBe(200)
    // the lock lasts the window after the last failure
    clock.advance(60_001)
    expect((await register({ contacts: [CONTACT] })).status).toBe(200)
  })

  test("an unknown user is challenged like a known one, then refused (no account enumeration)", async () => {
    const { register } = setup({ maxAuthFailures: 2 })
    const r = await register({ user: "mallory", password: "x" })
    expect(r.status).toBe(401)
    expect((await register({ user: "mallory", password: "x" })).status).toBe(403)
  })

  test("blocked account: challenged, then 403 once the credentials are right", async () => {
    const { register, send, location } = setup({}, [{ ...ALICE, blocked: true }])
    expect((await send({ contacts: [CONTACT] })).status).toBe(401)
    expect((await register({ contacts: [CONTACT] })).status).toBe(403)
    expect(location.size).toBe(0)
  })

  test("credentials for another user than the To AOR: 403", async () => {
    const { send } = setup({}, [ALICE, { ...ALICE, accountId: "acc-bob", username: "bob" }])
    const c = challenges(await send())[1]
    const r = await send({
      user: "bob",
      auth: authorization({ username: "alice", password: "wonderland", realm: c.realm, nonce: c.nonce, uri: `sip:${DOMAIN}` }),
    })
    expect(r.status).toBe(403)
  })

  test("stale nonce: right digest with an expired nonce → 401 stale=TRUE; wrong digest → no stale, counted", async () => {
    const { send, clock } = setup({ nonceTtlMs: 30_000 })
    const c = challenges(await send())[1]
    clock.advance(30_001)
    const auth = (password: string) => authorization({ username: "alice", password, realm: c.realm, nonce: c.nonce, uri: `sip:${DOMAIN}` })
    const stale = await send({ contacts: [CONTACT], auth: auth("wonderland") })
    expect(stale.status).toBe(401)
    expect(challenges(stale).every((x) => x.stale === "TRUE")).toBe(true)
    const wrong = await send({ contacts: [CONTACT], auth: auth("guess") })
    expect(wrong.status).toBe(401)
    expect(challenges(wrong).some((x) => x.stale !== undefined)).toBe(false)
    // the fresh nonce from the stale answer works
    const fresh = challenges(stale)[1]
    const ok = await send({
      contacts: [CONTACT],
      auth: authorization({ username: "alice", password: "wonderland", realm: fresh.realm, nonce: fresh.nonce, uri: `sip:${DOMAIN}` }),
    })
    expect(ok.status).toBe(200)
  })

  test("a forged nonce is never accepted", async () => {
    const { send } = setup()
    const c = challenges(await send())[1]
    const forged = c.nonce.slice(0, 10) + (c.nonce[10] === "x" ? "y" : "x") + c.nonce.slice(11)
    const r = await send({ auth: authorization({ username: "alice", password: "wonderland", realm: c.realm, nonce: forged, uri: `sip:${DOMAIN}` }) })
    expect(r.status).toBe(401)
  })

  test("replay: the same nonce count twice is refused (401 stale), the next count is accepted", async () => {
    const { send } = setup()
    const c = challenges(await send())[1]
    const auth = (nc: number) => authorization({ username: "alice", password: "wonderland", realm: c.realm, nonce: c.nonce, uri: `sip:${DOMAIN}`, nc })
    expect((await send({ contacts: [CONTACT], auth: auth(1) })).status).toBe(200)
    const replay = await send({ contacts: [CONTACT], auth: auth(1) })
    expect(replay.status).toBe(401)
    expect(challenges(replay)[0].stale).toBe("TRUE")
    expect((await send({ contacts: [CONTACT], auth: auth(2) })).status).toBe(200)
  })

  test("malformed or incomplete credentials: 400, nothing changes", async () => {
    const { send, location } = setup()
    const c = challenges(await send())[1]
    const noQop = `Digest username="alice", realm="${c.realm}", nonce="${c.nonce}", uri="sip:${DOMAIN}", response="00000000000000000000000000000000"`
    expect((await send({ contacts: [CONTACT], auth: noQop })).status).toBe(400)
    expect((await send({ contacts: [CONTACT], auth: `Digest realm="${c.realm}", nonce=` })).status).toBe(400)
    expect((await send({ contacts: [CONTACT], auth: `Digest realm="${c.realm}"` })).status).toBe(400)
    expect(location.size).toBe(0)
  })

  test("strictDigestUri: a digest-uri naming another target is refused", async () => {
    const { send } = setup({ strictDigestUri: true })
    const c = challenges(await send())[1]
    const r = await send({ auth: authorization({ username: "alice", password: "wonderland", realm: c.realm, nonce: c.nonce, uri: "sip:elsewhere.test" }) })
    expect(r.status).toBe(400)
  })
})

describe("bindings (§10.3)", () => {
  const AOR = `sip:alice@${DOMAIN}`

  test("several contacts with their own expires and q; lookup is best q first; the flow is kept", async () => {
    const { register, location } = setup()
    const r = await register({
      contacts: ["<sip:alice@127.0.0.1:5070>;q=0.5;expires=600", "<sip:alice@127.0.0.1:5071;transport=tcp>;q=1.0"],
      headers: ["Expires: 1200"],
    })
    expect(r.status).toBe(200)
    expect(contactsOf(r).sort()).toEqual(["<sip:alice@127.0.0.1:5070>;expires=600;q=0.5", "<sip:alice@127.0.0.1:5071;transport=tcp>;expires=1200"])
    const bindings = location.lookup(AOR)
    expect(bindings.map((b) => b.contact)).toEqual(["sip:alice@127.0.0.1:5071;transport=tcp", "sip:alice@127.0.0.1:5070"])
    expect(bindings[0]).toMatchObject({ tenantId: "t1", accountId: "acc-alice", flow: SOURCE, q: 1 })
    expect(r.headers.get("Date")).toBeDefined()
  })

  test("refresh updates the expiry; a new contact adds; events tell which", async () => {
    const { register, location, clock } = setup()
    const events: string[] = []
    location.onChange((e: BindingEvent) => events.push(`${e.type} ${e.binding.contact}`))
    await register({ contacts: [`${CONTACT};expires=600`] })
    clock.advance(300_000)
    const r = await register({ contacts: [`${CONTACT};expires=600`, "<sip:alice@127.0.0.1:6000>"] })
    expect(contactsOf(r)).toContain(`${CONTACT};expires=600`)
    expect(events).toEqual(["added sip:alice@127.0.0.1:5070", "refreshed sip:alice@127.0.0.1:5070", "added sip:alice@127.0.0.1:6000"])
  })

  test("default Expires, and longer than the maximum is shortened", async () => {
    const { register } = setup({ defaultExpires: 900, maxExpires: 1800 })
    expect(contactsOf(await register({ contacts: [CONTACT] }))).toEqual([`${CONTACT};expires=900`])
    expect(contactsOf(await register({ contacts: [`${CONTACT};expires=99999`] }))).toEqual([`${CONTACT};expires=1800`])
  })

  test("shorter than Min-Expires: 423 with Min-Expires, nothing bound; Expires 0 is not too brief", async () => {
    const { register, location } = setup({ minExpires: 60 })
    const r = await register({ contacts: [`${CONTACT};expires=30`] })
    expect(r.status).toBe(423)
    expect(r.headers.get("Min-Expires")).toBe("60")
    expect(location.size).toBe(0)
    expect((await register({ contacts: [CONTACT], headers: ["Expires: 0"] })).status).toBe(200)
  })

  test("expires=0 removes one contact; * with Expires: 0 removes all; * without it is refused", async () => {
    const { register, location } = setup()
    await register({ contacts: [CONTACT, "<sip:alice@127.0.0.1:6000>"] })
    expect(location.lookup(AOR).length).toBe(2)
    const r = await register({ contacts: [`${CONTACT};expires=0`] })
    expect(contactsOf(r)).toEqual(["<sip:alice@127.0.0.1:6000>;expires=3600"])
    expect((await register({ contacts: ["*"] })).status).toBe(400)
    expect((await register({ contacts: ["*"], headers: ["Expires: 5"] })).status).toBe(400)
    const gone = await register({ contacts: ["*"], headers: ["Expires: 0"] })
    expect(gone.status).toBe(200)
    expect(contactsOf(gone)).toEqual([])
    expect(location.lookup(AOR)).toEqual([])
  })

  test("a REGISTER without Contact lists the bindings and changes nothing", async () => {
    const { register, location } = setup()
    await register({ contacts: [CONTACT] })
    const r = await register({})
    expect(r.status).toBe(200)
    expect(contactsOf(r)).toEqual([`${CONTACT};expires=3600`])
    expect(location.size).toBe(1)
  })

  test("bindings expire: lookup hides them, the sweep removes them and tells", async () => {
    const { register, location, clock } = setup()
    const events: string[] = []
    location.onChange((e) => events.push(e.type))
    await register({ contacts: [`${CONTACT};expires=120`] })
    clock.advance(119_000)
    expect(location.lookup(AOR).length).toBe(1)
    clock.advance(1_000)
    expect(location.lookup(AOR)).toEqual([])
    expect(location.sweep()).toBe(1)
    expect(events).toEqual(["added", "expired"])
    expect(location.size).toBe(0)
  })

  test("the periodic sweep runs on the clock", async () => {
    const { register, location, clock } = setup()
    location.start()
    await register({ contacts: [`${CONTACT};expires=60`] })
    clock.advance(70_000)
    expect(location.size).toBe(0)
    location.stop()
  })

  test("same Call-ID with a CSeq not higher than stored: 400, nothing changes", async () => {
    const { register, location } = setup()
    await register({ contacts: [CONTACT], cseq: 10 })
    const r = await register({ contacts: [`${CONTACT};expires=0`], cseq: 9 })
    expect(r.status).toBe(400)
    expect(location.lookup(AOR).length).toBe(1)
    // another Call-ID (another phone restart) may replace it whatever its CSeq
    expect((await register({ contacts: [`${CONTACT};expires=0`], cseq: 1, callId: "other" })).status).toBe(200)
    expect(location.lookup(AOR).length).toBe(0)
  })

  test("too many contacts for one AOR: 403, none added", async () => {
    const { register, location } = setup() // harness: at most 3
    const r = await register({ contacts: [1, 2, 3, 4].map((i) => `<sip:alice@127.0.0.1:${6000 + i}>`) })
    expect(r.status).toBe(403)
    expect(location.size).toBe(0)
  })

  test("invalid Expires, expires or q: 400", async () => {
    const { register } = setup()
    expect((await register({ contacts: [CONTACT], headers: ["Expires: soon"] })).status).toBe(400)
    expect((await register({ contacts: [`${CONTACT};expires=-1`] })).status).toBe(400)
    expect((await register({ contacts: [`${CONTACT};q=1.5`] })).status).toBe(400)
  })

  test("RFC 5626: instance + reg-id identify the binding across contact changes; Require: outbound", async () => {
    const { register, location } = setup()
    const instance = '+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";reg-id=1'
    const r1 = await register({ contacts: [`<sip:alice@127.0.0.1:5070;transport=tcp>;${instance}`], headers: ["Supported: outbound, path"] })
    expect(r1.status).toBe(200)
    expect(r1.headers.get("Require")).toBe("outbound")
    expect(contactsOf(r1)[0]).toContain('+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";reg-id=1')
    // the phone changed address (new connection): same instance/reg-id → the binding moves
    const moved = { ...SOURCE, transport: "tcp" as const, port: 40001, flowId: "tcp:9" }
    await register({ contacts: [`<sip:alice@127.0.0.1:40001;transport=tcp>;${instance}`], source: moved })
    const b = location.lookup(AOR)
    expect(b.length).toBe(1)
    expect(b[0].flow.flowId).toBe("tcp:9")
    expect(b[0].instanceId).toBe("urn:uuid:00000000-0000-1000-8000-000A95A0E128")
    expect(b[0].regId).toBe(1)
  })

  test("a flow that closes takes its bindings with it (removeFlow)", async () => {
    const { register, location } = setup()
    const ws = { transport: "ws" as const, address: "127.0.0.1", port: 50000, flowId: "ws:1" }
    await register({ contacts: ["<sip:x@abc.invalid;transport=ws>"], source: ws })
    await register({ contacts: [CONTACT] })
    expect(location.removeFlow("ws:1")).toBe(1)
    expect(location.lookup(AOR).map((b) => b.contact)).toEqual(["sip:alice@127.0.0.1:5070"])
  })

  test("the registrar reports registrations and failures", async () => {
    const { register, registrar } = setup()
    const seen: string[] = []
    registrar.onEvent((e) => seen.push(e.type))
    await register({ contacts: [CONTACT] })
    await register({ password: "bad" })
    expect(seen).toEqual(["registered", "auth-failed"])
  })

  test("an account store that fails gives 503 with Retry-After, not an exception", async () => {
    const { send } = setup({ accounts: { find: () => Promise.reject(new Error("database down")) } })
    const r = await send()
    expect(r.status).toBe(503)
    expect(r.headers.get("Retry-After")).toBe("5")
  })
})

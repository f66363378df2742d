/**
 * Telephony through the real server process (src/main.ts on the embedded
 * database, SIP on 127.0.0.1 port 0): accounts and an extension made through
 * the API; SIPp phones register with digest over UDP, a SIPp caller calls the
 * extension and a SIPp phone answers; the call record appears in GET /calls
 * and call.ended reaches a supervisor's events socket; a blocked account gets
 * 403; a softphone registers over the WebSocket at /sip with its me/sip token.
 * Skipped, with the reason, when `sipp` is not installed.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { generateBranch, generateCallId, generateTag, parseMessage, type SipMessage } from "@org/telephony"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { authorization } from "../../packages/telephony/test/support/peers"
import { explain, freePort, runSipp, SCENARIOS, sippInfo, startSipp } from "../../packages/telephony/test/support/sipp"

const sipp = sippInfo()
if (!sipp.available) console.warn(`SKIPPING the SIPp tests of the server: ${sipp.why}`)
const describeSipp = sipp.available ? describe : describe.skip

const main = join(import.meta.dir, "..", "src", "main.ts")
const PASSWORD = "sipp-demo-password"
const DOMAIN = "demo.sip.local" // the demo tenant's slug is "demo"
const TEL = "/api/v1/telephony"

describeSipp(`the server with SIPp${sipp.version ? ` ${sipp.version}` : ""} phones (UDP)`, () => {
  const dir = mkdtempSync(join(tmpdir(), "sb-sipp-"))
  let proc: ReturnType<typeof Bun.spawn>
  let out = ""
  let http = ""
  let sipPort = 0
  let admin = ""
  let supervisor = ""
  const accounts: Record<string, { id: string; password: string }> = {}
  let scenarios = 0

  const api = async (method: string, path: string, cookie: string, body?: unknown) => {
    const res = await fetch(`${http}${path}`, {
      method, headers: { cookie, ...(body !== undefined ? { "content-type": "application/json" } : {}) }, body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, json: text ? JSON.parse(text) : undefined }
  }
  const login = async (login: string) => {
    const res = await fetch(`${http}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login, password: PASSWORD }) })
    expect(res.status).toBe(200)
    return res.headers.get("set-cookie")!.split(";")[0]
  }
  /** A scenario of test/sipp for our domain (the files speak for switchboard.test), with STATUS replaced. */
  const scenario = (name: string, replace: Record<string, string> = {}) => {
    let text = readFileSync(join(SCENARIOS, name), "utf8").replaceAll("switchboard.test", DOMAIN)
    for (const [from, to] of Object.entries(replace)) text = text.replaceAll(from, to)
    const file = join(dir, `${scenarios++}-${name}`)
    writeFileSync(file, text)
    return file
  }

  beforeAll(async () => {
    proc = Bun.spawn(["bun", main], {
      env: {
        ...process.env, DATA_DIR: dir, PORT: "0", HOST: "127.0.0.1", DATABASE_URL: "", SWITCHBOARD_DEMO_PASSWORD: PASSWORD,
        SIP_ENABLED: "true", SIP_HOST: "127.0.0.1", SIP_PORT: "0",
        // SIPp before 3.7 knows MD5 only and answers the first challenge it finds
        SIP_DIGEST_ALGORITHMS: sipp.sha256 ? "SHA-256,MD5" : "MD5,SHA-256",
      },
      stdout: "pipe", stderr: "pipe",
    })
    void (async () => {
      const dec = new TextDecoder()
      for await (const chunk of proc.stdout as any) out += dec.decode(chunk)
    })()
    const end = Date.now() + 60_000
    while (Date.now() < end && !(http && sipPort)) {
      http = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? ""
      sipPort = Number(/SIP listening on udp 127\.0\.0\.1:(\d+)/.exec(out)?.[1] ?? 0)
      if (proc.exitCode !== null) throw new Error(`exited: ${await new Response(proc.stderr as any).text()}`)
      await Bun.sleep(50)
    }
    if (!http || !sipPort) throw new Error(`did not start:\n${out}`)
    admin = await login("admin")
    supervisor = await login("supervisor")
    for (const username of ["alice", "bob", "mallory"]) {
      const r = await api("POST", `${TEL}/accounts`, admin, { username, comment: `${username[0].toUpperCase()}${username.slice(1)} (SIPp)` })
      expect(r.status).toBe(201)
      expect(r.json.domain).toBe(DOMAIN)
      accounts[username] = { id: r.json.id, password: r.json.password }
    }
    expect((await api("POST", `${TEL}/extensions`, admin, { number: "200", name: "Bob's line", members: [accounts.bob.id] })).status).toBe(201)
  }, 90_000)

  afterAll(async () => {
    if (proc && proc.exitCode === null) {
      proc.kill("SIGTERM")
      await proc.exited
    }
    rmSync(dir, { recursive: true, force: true })
  })

  test("health: SIP ok, listening on UDP and TCP at 127.0.0.1 (port 0: any free port for each)", async () => {
    const health = await (await fetch(`${http}/health`)).json()
    expect(health.status).toBe("ok")
    expect(health.checks.sip).toEqual({ status: "ok", udp: `127.0.0.1:${sipPort}`, tcp: expect.stringMatching(/^127\.0\.0\.1:\d+$/) })
  })

  test("a SIPp phone registers, a SIPp caller calls its extension, it answers: the record is listed and call.ended is published", async () => {
    // a supervisor's events socket, subscribed to the call events
    const ws = new WebSocket(`${http.replace("http", "ws")}/api/v1/events`, { headers: { cookie: supervisor } } as any)
    const events: any[] = []
    ws.onmessage = (e) => events.push(JSON.parse(String(e.data)))
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve()
      ws.onerror = () => reject(new Error("events socket refused"))
    })
    ws.send(JSON.stringify({ type: "subscribe", topics: ["call.*"] }))
    for (let i = 0; i < 100 && !events.some((e) => e.type === "subscribed"); i++) await Bun.sleep(20)

    const localPort = await freePort()
    const reg = await runSipp({ scenario: scenario("register.xml"), port: sipPort, transport: "u1", localPort, args: ["-s", "bob", "-au", "bob", "-ap", accounts.bob.password] })
    expect(reg.code, explain(reg)).toBe(0)
    const bob = await startSipp({ scenario: scenario("uas-answer.xml"), port: sipPort, transport: "u1", localPort, args: ["-s", "bob", "-d", "300"], timeoutMs: 20_000 })
    await Bun.sleep(300)
    const uac = await runSipp({
      scenario: scenario("uac-call.xml"), port: sipPort, transport: "u1", timeoutMs: 20_000,
      args: ["-s", "200", "-key", "caller", "alice", "-au", "alice", "-ap", accounts.alice.password, "-d", "400"],
    })
    const uas = await bob.done
    expect(uac.code, explain(uac)).toBe(0)
    expect(uas.code, explain(uas)).toBe(0)

    let calls: any[] = []
    for (let i = 0; i < 100 && calls.length === 0; i++) {
      calls = (await api("GET", `${TEL}/calls?account=${accounts.bob.id}`, supervisor)).json.items
      if (!calls.length) await Bun.sleep(50)
    }
    expect(calls.length).toBe(1)
    expect(calls[0]).toMatchObject({
      disposition: "answered", status: 200, hangup: "caller", direction: "internal", callerAccountId: accounts.alice.id, calleeAccountId: accounts.bob.id,
      targetAccountIds: [accounts.bob.id], callerName: "Alice (SIPp)", calleeName: "Bob (SIPp)", from: { user: "alice" }, to: { user: "200" },
    })
    expect(calls[0].talkSeconds).toBeGreaterThan(0.3)
    expect(calls[0].ringSeconds).toBeGreaterThan(0.25)

    for (let i = 0; i < 100 && !events.some((e) => e.topic === "call.ended"); i++) await Bun.sleep(20)
    const topics = events.filter((e) => e.type === "event").map((e) => e.topic)
    expect(topics).toEqual(["call.ringing", "call.answered", "call.ended"])
    const ended = events.find((e) => e.topic === "call.ended")
    expect(ended.payload).toEqual(calls[0])
    ws.close()
  }, 60_000)

  test("a blocked account: its REGISTER and its calls get 403", async () => {
    expect((await api("POST", `${TEL}/accounts/${accounts.mallory.id}/block`, admin)).json.blocked).toBe(true)
    const reg = await runSipp({
      scenario: scenario("register.xml", { '<recv response="200" />': '<recv response="403" />' }), port: sipPort, transport: "u1",
      args: ["-s", "mallory", "-au", "mallory", "-ap", accounts.mallory.password],
    })
    expect(reg.code, explain(reg)).toBe(0)
    const call = await runSipp({
      scenario: scenario("uac-refused.xml", { STATUS: "403" }), port: sipPort, transport: "u1",
      args: ["-s", "200", "-key", "caller", "mallory", "-au", "mallory", "-ap", accounts.mallory.password],
    })
    expect(call.code, explain(call)).toBe(0)
    // unblocked, the same phone registers again
    await api("POST", `${TEL}/accounts/${accounts.mallory.id}/unblock`, admin)
    const again = await runSipp({ scenario: scenario("register.xml"), port: sipPort, transport: "u1", args: ["-s", "mallory", "-au", "mallory", "-ap", accounts.mallory.password] })
    expect(again.code, explain(again)).toBe(0)
  }, 60_000)

  test("a softphone registers over the WebSocket at /sip with the token of me/sip (not the account's password)", async () => {
    const adminId = (await api("GET", "/api/v1/auth/me", admin)).json.user.id
    await api("POST", `${TEL}/accounts`, admin, { username: "webphone", comment: "Admin's softphone", userId: adminId })
    const me = (await api("GET", `${TEL}/me/sip`, admin)).json
    expect(me.wsUrl).toBe(`${http.replace("http", "ws")}/sip`)
    const ws = new WebSocket(me.wsUrl, ["sip"])
    const inbox: SipMessage[] = []
    ws.onmessage = (e) => {
      const r = parseMessage(String(e.data))
      if (r.ok) inbox.push(r.message)
    }
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve()
      ws.onerror = () => reject(new Error("/sip refused"))
    })
    expect(ws.protocol).toBe("sip")
    const callId = generateCallId()
    const register = (cseq: number, auth?: string) => [
      `REGISTER sip:${me.domain} SIP/2.0`, `Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=${generateBranch()}`, "Max-Forwards: 70",
      `From: "${me.displayName}" <${me.uri}>;tag=${generateTag()}`, `To: <${me.uri}>`, `Call-ID: ${callId}`, `CSeq: ${cseq} REGISTER`,
      `Contact: <sip:x7k2@df7jal23ls0d.invalid;transport=ws>`, "Expires: 600", ...(auth ? [`Authorization: ${auth}`] : []), "Content-Length: 0", "", "",
    ].join("\r\n")
    const response = async (cseq: number) => {
      for (let i = 0; i < 150; i++) {
        const m = inbox.find((x) => x.kind === "response" && x.headers.get("CSeq") === `${cseq} REGISTER`)
        if (m && m.kind === "response") return m
        await Bun.sleep(20)
      }
      throw new Error(`no answer to REGISTER ${cseq}`)
    }
    ws.send(register(1))
    const challenge = await response(1)
    expect(challenge.status).toBe(401)
    const md5 = challenge.headers.getAll("WWW-Authenticate").find((c) => c.includes("algorithm=MD5"))!
    const nonce = /nonce="([^"]+)"/.exec(md5)![1]
    ws.send(register(2, authorization({ username: me.authorizationUsername, password: me.password, realm: me.domain, nonce, uri: `sip:${me.domain}` })))
    expect((await response(2)).status).toBe(200)
    ws.close()
  }, 30_000)

  test("malformed messages over the WebSocket at /sip: answered (400, 501, 513…) or dropped, the socket or a new one keeps serving", async () => {
    const url = `${http.replace("http", "ws")}/sip`
    const open = async () => {
      const ws = new WebSocket(url, ["sip"])
      const inbox: string[] = []
      ws.onmessage = (e) => void inbox.push(typeof e.data === "string" ? e.data : "<binary>")
      let closed = false
      ws.onclose = () => void (closed = true)
      await new Promise<void>((resolve, reject) => {
        ws.onopen = () => resolve()
        ws.onerror = () => reject(new Error("/sip refused"))
      })
      return { ws, inbox, closed: () => closed }
    }
    const options = (callId: string) => [
      `OPTIONS sip:${DOMAIN} SIP/2.0`, `Via: SIP/2.0/WS probe.invalid;branch=${generateBranch()}`, "Max-Forwards: 70",
      `From: <sip:probe@${DOMAIN}>;tag=${generateTag()}`, `To: <sip:${DOMAIN}>`, `Call-ID: ${callId}`, "CSeq: 1 OPTIONS", "Content-Length: 0", "", "",
    ].join("\r\n")
    /** The answer (status line) to the request with this Call-ID, or undefined when none came in a while. */
    const answer = async (c: { inbox: string[] }, callId: string, ms = 1500) => {
      for (const end = Date.now() + ms; Date.now() < end; await Bun.sleep(20)) {
        const hit = c.inbox.find((m) => m.includes(callId))
        if (hit) return hit.split("\r\n")[0]
      }
      return undefined
    }
    const head = (method: string, callId: string, extra: string[] = []) => [
      `${method} sip:${DOMAIN} SIP/2.0`, `Via: SIP/2.0/WS probe.invalid;branch=${generateBranch()}`, "Max-Forwards: 70",
      `From: <sip:probe@${DOMAIN}>;tag=${generateTag()}`, `To: <sip:${DOMAIN}>`, `Call-ID: ${callId}`, `CSeq: 1 ${method}`, ...extra,
    ]
    const cases: { name: string; text: (callId: string) => string | Uint8Array; expect: RegExp | "dropped" }[] = [
      { name: "unknown method", text: (id) => [...head("FROBNICATE", id), "Content-Length: 0", "", ""].join("\r\n"), expect: /^SIP\/2\.0 501 / },
      { name: "Content-Length beyond the frame", text: (id) => [...head("OPTIONS", id), "Content-Length: 500", "", "short"].join("\r\n"), expect: /^SIP\/2\.0 400 / },
      { name: "no CSeq", text: (id) => [...head("OPTIONS", id).filter((l) => !l.startsWith("CSeq")), "Content-Length: 0", "", ""].join("\r\n"), expect: /^SIP\/2\.0 400 / },
      { name: "a huge header", text: (id) => [...head("OPTIONS", id), `X-Pad: ${"a".repeat(200_000)}`, "Content-Length: 0", "", ""].join("\r\n"), expect: "dropped" },
      { name: "truncated in the headers", text: (id) => [...head("OPTIONS", id)].join("\r\n").slice(0, -10), expect: "dropped" },
      { name: "a bad request line", text: (id) => `GARBAGE\r\nCall-ID: ${id}\r\n\r\n`, expect: "dropped" },
      { name: "binary garbage", text: () => crypto.getRandomValues(new Uint8Array(4096)), expect: "dropped" },
    ]
    for (const c of cases) {
      const conn = await open()
      const callId = generateCallId()
      conn.ws.send(c.text(callId))
      const got = await answer(conn, callId, c.expect === "dropped" ? 400 : 3000)
      if (c.expect !== "dropped") expect([c.name, got]).toEqual([c.name, expect.stringMatching(c.expect)])
      // the same socket, if the server kept it, or a new one: OPTIONS answered
      const probe = conn.closed() ? await open() : conn
      const again = generateCallId()
      probe.ws.send(options(again))
      expect([c.name, await answer(probe, again, 5000)]).toEqual([c.name, "SIP/2.0 200 OK"])
      conn.ws.close()
      probe.ws.close()
    }
    expect(proc.exitCode).toBeNull()
  }, 60_000)

  test("SIGTERM stops the process cleanly, closing the SIP WebSockets still open (1001)", async () => {
    const ws = new WebSocket(`${http.replace("http", "ws")}/sip`, ["sip"])
    await new Promise<void>((resolve) => (ws.onopen = () => resolve()))
    const closed = new Promise<number>((resolve) => (ws.onclose = (e) => resolve(e.code)))
    proc.kill("SIGTERM")
    expect(await proc.exited).toBe(0)
    expect(await closed).toBe(1001)
  }, 30_000)
})

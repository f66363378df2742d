/**
 * Calls through the proxy with real SIPp peers over UDP on 127.0.0.1: SIPp
 * phones register as accounts (register.xml), then run a UAS scenario on the
 * same port; a SIPp caller authenticates with 407 and calls them. Each SIPp
 * run is bounded by a timeout and uses its own free port. Skipped, with the
 * reason, when `sipp` is not installed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type CallRecord, InMemoryAccountStore, InMemoryDialplan, type ListeningAddresses, SipServer, contactKey } from "../../src/server"
import { SCENARIOS, explain, freePort, runSipp, sippInfo, startSipp } from "../support/sipp"

const sipp = sippInfo()
if (!sipp.available) console.warn(`SKIPPING SIPp call tests: ${sipp.why}`)
const describeSipp = sipp.available ? describe : describe.skip

const DOMAIN = "switchboard.test"
const USERS = ["alice", "bob", "carol", "dave", "erin"]

describeSipp(`SIPp${sipp.version ? ` ${sipp.version}` : ""} calls through the proxy (UDP)`, () => {
  let server: SipServer
  let addr: ListeningAddresses
  const records: CallRecord[] = []
  const dir = mkdtempSync(join(tmpdir(), "sipp-calls-"))

  beforeAll(async () => {
    const dialplan = new InMemoryDialplan().account("t1", "200", "acc-bob").extension("t1", "300", ["acc-carol", "acc-dave"]).account("t1", "400", "acc-erin")
    server = new SipServer({
      udp: { port: 0 },
      tcp: false,
      accounts: new InMemoryAccountStore(USERS.map((u) => ({ tenantId: "t1", accountId: `acc-${u}`, domain: DOMAIN, username: u, password: `${u}-pw` }))),
      dialplan,
      // SIPp before 3.7 knows MD5 only and answers the first challenge it finds
      registrar: sipp.sha256 ? {} : { algorithms: ["MD5", "SHA-256"] },
    })
    addr = await server.start()
    server.calls.onEnded((r) => void records.push(r))
  })
  afterAll(async () => {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  beforeEach(() => {
    for (const b of server.location.all()) server.location.remove(b.aor, contactKey(b))
  })

  /** A SIPp phone registered as `user` (register.xml), then running `scenario` on the same port. */
  const phone = async (user: string, scenario: string, ringMs = 200) => {
    const localPort = await freePort()
    const reg = await runSipp({ scenario: "register.xml", port: addr.udp!.port, transport: "u1", localPort, args: ["-s", user, "-au", user, "-ap", `${user}-pw`] })
    expect(reg.code, explain(reg)).toBe(0)
    const run = await startSipp({ scenario, port: addr.udp!.port, transport: "u1", localPort, args: ["-s", user, "-d", String(ringMs)], timeoutMs: 15_000 })
    // let it bind its socket before a call comes (the proxy would retransmit the INVITE anyway)
    await Bun.sleep(300)
    return run
  }

  const caller = (scenario: string, dialled: string, talkMs = 200) =>
    runSipp({
      scenario, port: addr.udp!.port, transport: "u1", timeoutMs: 15_000,
      args: ["-s", dialled, "-key", "caller", "alice", "-au", "alice", "-ap", "alice-pw", "-d", String(talkMs)],
    })

  /** uac-refused.xml expecting `status`. */
  const refused = (status: number) => {
    const file = join(dir, `uac-refused-${status}.xml`)
    writeFileSync(file, readFileSync(join(SCENARIOS, "uac-refused.xml"), "utf8").replaceAll("STATUS", String(status)))
    return file
  }

  const recordOf = async (since: number): Promise<CallRecord> => {
    for (let i = 0; i < 100 && records.length <= since; i++) await Bun.sleep(20)
    expect(records.length).toBe(since + 1)
    return records[since]
  }

  test("INVITE/407/INVITE/100/180/200/ACK … BYE/200 to an extension answered by a SIPp phone; the call record: answered", async () => {
    const n = records.length
    const bob = await phone("bob", "uas-answer.xml")
    const uac = await caller("uac-call.xml", "200", 300)
    const uas = await bob.done
    expect(uac.code, explain(uac)).toBe(0)
    expect(uas.code, explain(uas)).toBe(0)
    const r = await recordOf(n)
    expect(r).toMatchObject({
      disposition: "answered", status: 200, hangup: "caller", direction: "internal", callerAccountId: "acc-alice", calleeAccountId: "acc-bob",
      from: { user: "alice" }, to: { user: "200" },
    })
    expect(r.talkSeconds).toBeGreaterThanOrEqual(0)
    expect(r.talkSeconds).toBeGreaterThan(0.2)
    expect(r.ringSeconds).toBeGreaterThan(0.15)
    expect(server.calls.size).toBe(0)
  }, 30_000)

  test("a number nobody has → 404; an extension nobody registered → 480 (records failed, missed)", async () => {
    const n = records.length
    const unknown = await caller(refused(404), "999")
    expect(unknown.code, explain(unknown)).toBe(0)
    expect(await recordOf(n)).toMatchObject({ disposition: "failed", status: 404 })
    const offline = await caller(refused(480), "400")
    expect(offline.code, explain(offline)).toBe(0)
    expect(await recordOf(n + 1)).toMatchObject({ disposition: "missed", status: 480, calleeAccountId: "acc-erin" })
  }, 30_000)

  test("a SIPp phone answering 486 → 486 at the caller, disposition busy", async () => {
    const n = records.length
    const bob = await phone("bob", "uas-busy.xml")
    const uac = await caller(refused(486), "200")
    const uas = await bob.done
    expect(uac.code, explain(uac)).toBe(0)
    expect(uas.code, explain(uas)).toBe(0)
    expect(await recordOf(n)).toMatchObject({ disposition: "busy", status: 486, hangup: "callee" })
  }, 30_000)

  test("the caller cancels while the phone rings → 200 for the CANCEL, 487 for the INVITE, disposition cancelled", async () => {
    const n = records.length
    const bob = await phone("bob", "uas-ring.xml")
    const uac = await caller("uac-cancel.xml", "200")
    const uas = await bob.done
    expect(uac.code, explain(uac)).toBe(0)
    expect(uas.code, explain(uas)).toBe(0)
    const r = await recordOf(n)
    expect(r).toMatchObject({ disposition: "cancelled", status: 487, hangup: "caller" })
    expect(r.ringingAt).toBeDefined()
  }, 30_000)

  test("parallel ringing: two SIPp phones of an extension ring, one answers, the other gets CANCEL (200, 487, ACK)", async () => {
    const n = records.length
    const carol = await phone("carol", "uas-answer.xml", 500)
    const dave = await phone("dave", "uas-ring.xml")
    const uac = await caller("uac-call.xml", "300")
    const [a, b] = await Promise.all([carol.done, dave.done])
    expect(uac.code, explain(uac)).toBe(0)
    expect(a.code, explain(a)).toBe(0)
    expect(b.code, explain(b)).toBe(0)
    const r = await recordOf(n)
    expect(r).toMatchObject({ disposition: "answered", calleeAccountId: "acc-carol", hangup: "caller" })
    expect(r.targetAccountIds.sort()).toEqual(["acc-carol", "acc-dave"])
    expect(r.ringSeconds).toBeGreaterThan(0.45)
  }, 30_000)
})

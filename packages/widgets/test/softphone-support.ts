/**
 * Real processes for the softphone call tests: the SIP harness (test-support/sip-harness.mjs,
 * a real SipServer behind /sip) started in a private network namespace, and Chromium joined to
 * that namespace — so the pages, the signalling and the WebRTC media never leave a loopback of
 * their own. Playwright drives Chromium over pipes, which cross namespaces.
 */
import { spawnSync } from "node:child_process"
import { join } from "node:path"
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core"

const widgets = join(import.meta.dir, "..")
const netns = join(widgets, "test-support", "netns.sh")

/** Why the call tests cannot run here, or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  const r = spawnSync(netns, ["check"], { encoding: "utf8" })
  if (r.status === 0) return undefined
  return `a private network namespace cannot be made here (unshare -n: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim()}); run as root`
}

export interface HarnessEvent {
  readonly event: string
  readonly [key: string]: unknown
}

export class Harness {
  readonly events: HarnessEvent[] = []
  #waiters: { match: (e: HarnessEvent) => boolean; resolve: (e: HarnessEvent) => void }[] = []
  private constructor(
    readonly proc: Bun.Subprocess<"pipe", "pipe", "inherit">,
    public port: number,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<Harness> {
    const proc = Bun.spawn([netns, "run", process.execPath, join(widgets, "test-support", "sip-harness.mjs"), "--stdin"], {
      cwd: widgets,
      env: { ...process.env, ...env },
      stdin: "pipe",
      stdout: "pipe",
      stderr: "inherit",
    })
    let harness: Harness | undefined
    const ready = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the SIP harness did not start in 30 s")), 30_000)
      void (async () => {
        let buffered = ""
        const dec = new TextDecoder()
        const reader = proc.stdout.getReader()
        for (;;) {
          const { value: chunk, done } = await reader.read()
          if (done) break
          buffered += dec.decode(chunk)
          let nl
          while ((nl = buffered.indexOf("\n")) >= 0) {
            const line = buffered.slice(0, nl)
            buffered = buffered.slice(nl + 1)
            let event: HarnessEvent
            try {
              event = JSON.parse(line) as HarnessEvent
            } catch {
              continue
            }
            if (event.event === "ready") {
              clearTimeout(timer)
              resolve(Number(event["port"]))
            }
            harness?.receive(event)
          }
        }
        reject(new Error("the SIP harness ended"))
      })()
    })
    const port = await ready
    harness = new Harness(proc, port)
    return harness
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`
  }

  receive(event: HarnessEvent): void {
    this.events.push(event)
    if (process.env["SOFTPHONE_TEST_LOG"]) console.log("[harness]", JSON.stringify(event))
    for (const w of [...this.#waiters]) {
      if (w.match(event)) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1)
        w.resolve(event)
      }
    }
  }

  /** The next event (after now) that matches. */
  next(match: (e: HarnessEvent) => boolean, timeoutMs = 15_000): Promise<HarnessEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching harness event in ${timeoutMs} ms`)), timeoutMs)
      this.#waiters.push({
        match,
        resolve: (e) => {
          clearTimeout(timer)
          resolve(e)
        },
      })
    })
  }

  send(command: Record<string, unknown>): void {
    this.proc.stdin.write(`${JSON.stringify(command)}\n`)
    this.proc.stdin.flush()
  }

  async stop(): Promise<void> {
    try {
      this.proc.stdin.end()
    } catch {
      // already closed
    }
    const exited = await Promise.race([this.proc.exited, Bun.sleep(5000).then(() => undefined)])
    if (exited === undefined) this.proc.kill("SIGKILL")
  }
}

/** Chromium's flags for WebRTC between pages on loopback with fake audio devices (DESIGN §4). */
export const chromiumArgs = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
  "--allow-loopback-in-peer-connection",
  "--autoplay-policy=no-user-gesture-required",
]

/** Chromium inside the harness's network namespace (netns.sh as the executable). */
export async function launchChromium(harness: Harness): Promise<Browser> {
  return chromium.launch({
    executablePath: netns,
    env: { ...process.env, SOFTPHONE_NETNS_PID: String(harness.proc.pid) } as Record<string, string>,
    args: chromiumArgs,
  })
}

export interface Phone {
  readonly user: string
  readonly context: BrowserContext
  readonly page: Page
}

/** A page of the example, signed in as `user` (the harness sets the session cookie). */
export async function openPhone(browser: Browser, harness: Harness, user: string, lang = "ru", init?: () => void): Promise<Phone> {
  const context = await browser.newContext({ viewport: { width: 400, height: 720 }, locale: lang })
  if (init) await context.addInitScript(init)
  const page = await context.newPage()
  page.on("pageerror", (e) => console.error(`[${user}] page error:`, e.message))
  if (process.env["SOFTPHONE_TEST_LOG"]) page.on("console", (m) => console.log(`[${user}] ${m.type()}: ${m.text()}`))
  await page.goto(`${harness.base}/?as=${user}`)
  return { user, context, page }
}

/** A snapshot of the element, read in the page. */
export interface PhoneState {
  level: string | null
  calls: { id: string; phase: string; direction: string; remoteNumber: string; held: boolean; muted: boolean; remoteHeld: boolean; endReason?: string }[]
  active: { id: string; phase: string; remoteNumber: string; remoteDisplayName?: string; held: boolean } | null
}

export function state(phone: Phone): Promise<PhoneState> {
  return phone.page.evaluate(() => {
    const el = document.querySelector("org-softphone") as unknown as {
      shadowRoot: ShadowRoot
      calls: PhoneState["calls"]
      activeCall: PhoneState["active"] | undefined
    }
    return {
      level: el.shadowRoot.querySelector("[part=status]")?.getAttribute("data-level") ?? null,
      calls: el.calls.map((c) => ({ ...c })),
      active: el.activeCall ? { ...el.activeCall } : null,
    }
  })
}

export async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: T | undefined
  while (Date.now() < deadline) {
    last = await probe()
    if (ok(last)) return last
    await Bun.sleep(100)
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`)
}

export const registered = (phone: Phone, timeoutMs = 15_000) =>
  until(`${phone.user} registered`, () => state(phone), (s) => s.level === "ok", timeoutMs)

/** Clicks a part inside the softphone's shadow root. */
export async function click(phone: Phone, part: string): Promise<void> {
  await phone.page.locator(`org-softphone [part~="${part}"]`).first().click()
}

/** Types a number into the dial field and presses the call button. */
export async function dial(phone: Phone, number: string): Promise<void> {
  await phone.page.locator("org-softphone #dial").fill(number)
  await click(phone, "call-button")
}

export async function phaseOf(phone: Phone): Promise<string | undefined> {
  return (await state(phone)).active?.phase
}

/** inbound-rtp packetsReceived of the audio of the call on screen (the documented test hook). */
export function packetsReceived(phone: Phone, callId?: string): Promise<number> {
  return phone.page.evaluate(async (id) => {
    const el = document.querySelector("org-softphone") as unknown as { peerConnection(id?: string): RTCPeerConnection | undefined }
    const pc = el.peerConnection(id ?? undefined)
    if (!pc) return -1
    const stats = await pc.getStats()
    let received = 0
    stats.forEach((s: { type: string; kind?: string; packetsReceived?: number }) => {
      if (s.type === "inbound-rtp" && s.kind === "audio") received += s.packetsReceived ?? 0
    })
    return received
  }, callId ?? null)
}

/** Waits for RTP to be flowing in: packetsReceived grows past `above`. */
export async function rtpFlowing(phone: Phone, above = 0, callId?: string): Promise<number> {
  return until(`${phone.user} receiving RTP`, () => packetsReceived(phone, callId), (n) => n > above + 5, 10_000)
}

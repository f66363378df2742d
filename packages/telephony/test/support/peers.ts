/** Raw SIP peers over real loopback sockets, for tests: send text, wait for parsed messages. */
import { createHash } from "node:crypto"
import dgram from "node:dgram"
import net from "node:net"
import { type SipMessage, type SipResponse, SipStreamFramer, generateBranch, generateCallId, generateTag, parseMessage } from "../../src/server"

const enc = new TextEncoder()

type Waiter = { match: (m: SipMessage) => boolean; resolve: (m: SipMessage) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }

export class Inbox {
  readonly messages: SipMessage[] = []
  private waiters: Waiter[] = []
  pongs = 0

  push(m: SipMessage): void {
    const i = this.waiters.findIndex((w) => w.match(m))
    if (i >= 0) {
      const [w] = this.waiters.splice(i, 1)
      clearTimeout(w.timer)
      w.resolve(m)
    } else this.messages.push(m)
  }

  next(match: (m: SipMessage) => boolean = () => true, timeoutMs = 2000): Promise<SipMessage> {
    const i = this.messages.findIndex(match)
    if (i >= 0) return Promise.resolve(this.messages.splice(i, 1)[0])
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((x) => x !== w)
          reject(new Error(`no matching message within ${timeoutMs} ms`))
        }, timeoutMs),
      }
      this.waiters.push(w)
    })
  }

  /** Resolves true when nothing matching arrives within `ms`. */
  async silent(ms: number, match: (m: SipMessage) => boolean = () => true): Promise<boolean> {
    try {
      await this.next(match, ms)
      return false
    } catch {
      return true
    }
  }
}

export const byCallId = (callId: string) => (m: SipMessage) => m.headers.get("Call-ID") === callId
export const isResponse = (m: SipMessage): m is SipResponse => m.kind === "response"

export class UdpPeer {
  readonly inbox = new Inbox()
  private constructor(
    private readonly socket: dgram.Socket,
    readonly port: number,
  ) {}

  static async open(): Promise<UdpPeer> {
    const socket = dgram.createSocket("udp4")
    await new Promise<void>((r) => socket.bind(0, "127.0.0.1", () => r()))
    const peer = new UdpPeer(socket, socket.address().port)
    socket.on("message", (data) => {
      const r = parseMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      if (r.ok) peer.inbox.push(r.message)
    })
    return peer
  }

  send(data: string | Uint8Array, port: number): void {
    this.socket.send(typeof data === "string" ? enc.encode(data) : data, port, "127.0.0.1")
  }

  next(match?: (m: SipMessage) => boolean, timeoutMs?: number): Promise<SipMessage> {
    return this.inbox.next(match, timeoutMs)
  }

  close(): void {
    this.socket.close()
  }
}

export class TcpPeer {
  readonly inbox = new Inbox()
  private readonly framer = new SipStreamFramer({ keepalive: "client" })
  readonly closed: Promise<void>
  isClosed = false

  private constructor(private readonly socket: net.Socket) {
    socket.on("data", (chunk) => {
      for (const e of this.framer.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))) {
        if (e.type === "message" && e.result.ok) this.inbox.push(e.result.message)
        else if (e.type === "pong") this.inbox.pongs++
      }
    })
    socket.on("error", () => {})
    this.closed = new Promise((r) =>
      socket.on("close", () => {
        this.isClosed = true
        r()
      }),
    )
  }

  get port(): number {
    return this.socket.localPort ?? 0
  }

  static connect(port: number): Promise<TcpPeer> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: "127.0.0.1", port }, () => resolve(new TcpPeer(socket)))
      socket.once("error", reject)
    })
  }

  send(data: string | Uint8Array): void {
    this.socket.write(typeof data === "string" ? enc.encode(data) : data)
  }

  next(match?: (m: SipMessage) => boolean, timeoutMs?: number): Promise<SipMessage> {
    return this.inbox.next(match, timeoutMs)
  }

  close(): void {
    this.socket.destroy()
  }
}

export interface RequestSpec {
  method: string
  uri?: string
  transport?: "UDP" | "TCP" | "WS"
  port: number
  callId?: string
  cseq?: number
  branch?: string
  fromTag?: string
  to?: string
  from?: string
  headers?: string[]
  body?: string
}

/** A request as text (CRLF line ends, Content-Length of the body). */
export const request = (s: RequestSpec): string => {
  const body = s.body ?? ""
  const lines = [
    `${s.method} ${s.uri ?? "sip:switchboard.test"} SIP/2.0`,
    `Via: SIP/2.0/${s.transport ?? "UDP"} 127.0.0.1:${s.port};branch=${s.branch ?? generateBranch()};rport`,
    "Max-Forwards: 70",
    `From: ${s.from ?? "<sip:alice@switchboard.test>"};tag=${s.fromTag ?? generateTag()}`,
    `To: ${s.to ?? "<sip:alice@switchboard.test>"}`,
    `Call-ID: ${s.callId ?? generateCallId()}`,
    `CSeq: ${s.cseq ?? 1} ${s.method}`,
    ...(s.headers ?? []),
    `Content-Length: ${enc.encode(body).length}`,
  ]
  return lines.join("\r\n") + "\r\n\r\n" + body
}

const h = (alg: string, s: string) => createHash(alg === "MD5" ? "md5" : "sha256").update(s).digest("hex")

/** An Authorization value computed independently of the code under test (RFC 7616 formulas). */
export const authorization = (o: {
  username: string
  password: string
  realm: string
  nonce: string
  uri: string
  method?: string
  algorithm?: "MD5" | "SHA-256"
  nc?: number
  cnonce?: string
}): string => {
  const alg = o.algorithm ?? "MD5"
  const nc = (o.nc ?? 1).toString(16).padStart(8, "0")
  const cnonce = o.cnonce ?? "0a4f113b"
  const ha1 = h(alg, `${o.username}:${o.realm}:${o.password}`)
  const ha2 = h(alg, `${o.method ?? "REGISTER"}:${o.uri}`)
  const response = h(alg, `${ha1}:${o.nonce}:${nc}:${cnonce}:auth:${ha2}`)
  return `Digest username="${o.username}", realm="${o.realm}", nonce="${o.nonce}", uri="${o.uri}", response="${response}", algorithm=${alg}, qop=auth, nc=${nc}, cnonce="${cnonce}"`
}

/** The params of the WWW-Authenticate challenges of a 401, in order. */
export const challenges = (m: SipMessage) =>
  m.headers.getAll("WWW-Authenticate").map((v) => {
    const params: Record<string, string> = {}
    for (const match of v.matchAll(/(\w+)=("([^"]*)"|[^,\s]+)/g)) params[match[1].toLowerCase()] = match[3] ?? match[2]
    return params
  })

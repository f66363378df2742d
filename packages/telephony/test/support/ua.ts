/**
 * A minimal user agent for routing tests, written independently of the code
 * under test: text requests and responses over a raw UDP or TCP socket or a
 * WebSocket flow plugged into the server, digest computed by `authorization`,
 * dialog state (tags, route set, remote target, CSeq) kept by hand.
 */
import {
  type SipMessage, type SipRequest, type SipResponse, type SipServer, generateBranch, generateCallId, generateTag, parseMessage,
  parseNameAddr, tagOf,
} from "../../src/server"
import { Inbox, TcpPeer, UdpPeer, authorization } from "./peers"

export const DOMAIN = "switchboard.test"

/** Something that carries SIP text to the server and collects what comes back. */
export interface Wire {
  readonly transport: "UDP" | "TCP" | "WS"
  /** Our port as the server sees it (Via, Contact). */
  readonly port: number
  send(text: string): void
  next(match?: (m: SipMessage) => boolean, timeoutMs?: number): Promise<SipMessage>
  readonly inbox: Inbox
  close(): void
}

export const udpWire = async (serverPort: number): Promise<Wire> => {
  const peer = await UdpPeer.open()
  return {
    transport: "UDP", port: peer.port, inbox: peer.inbox,
    send: (t) => peer.send(t, serverPort),
    next: (m, t) => peer.next(m, t),
    close: () => peer.close(),
  }
}

export const tcpWire = async (serverPort: number): Promise<Wire & { peer: TcpPeer }> => {
  const peer = await TcpPeer.connect(serverPort)
  return {
    transport: "TCP", port: peer.port, inbox: peer.inbox, peer,
    send: (t) => peer.send(t),
    next: (m, t) => peer.next(m, t),
    close: () => peer.close(),
  }
}

let wsPort = 61000
/** A WebSocket flow plugged into the server (what the HTTP server does for /sip), without a socket. */
export const wsWire = (server: SipServer): Wire & { closeFromPeer(): void } => {
  const inbox = new Inbox()
  const port = wsPort++
  const flow = server.ws.openFlow({
    remoteAddress: "127.0.0.1",
    remotePort: port,
    send: (text) => {
      const r = parseMessage(text)
      if (r.ok) inbox.push(r.message)
    },
    close: () => {},
  })
  return {
    transport: "WS", port, inbox,
    // the flow is fed on a later tick, as a socket would
    send: (t) => void queueMicrotask(() => flow.receive(t)),
    next: (m, t) => inbox.next(m, t),
    close: () => flow.closed(),
    closeFromPeer: () => flow.closed(),
  }
}

const crlf = (lines: string[], body = "") => `${lines.join("\r\n")}\r\nContent-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`

export const SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=sendrecv\r\n"

export const isRequest = (method?: string) => (m: SipMessage): m is SipRequest => m.kind === "request" && (method === undefined || m.method === method)
export const isStatus = (status: number | ((s: number) => boolean)) => (m: SipMessage): m is SipResponse =>
  m.kind === "response" && (typeof status === "number" ? m.status === status : status(m.status))
export const and = (...fs: ((m: SipMessage) => boolean)[]) => (m: SipMessage) => fs.every((f) => f(m))
export const callIdIs = (callId: string) => (m: SipMessage) => m.headers.get("Call-ID") === callId
export const cseqMethod = (method: string) => (m: SipMessage) => (m.headers.get("CSeq") ?? "").endsWith(` ${method}`)

const uriOf = (nameAddr: string): string => {
  const na = parseNameAddr(nameAddr)
  if (!na.ok) throw new Error(`bad address ${nameAddr}`)
  const m = /<([^>]+)>/.exec(nameAddr)
  return m ? m[1] : nameAddr.split(";")[0].trim()
}

/** One dialog from our side: what we need to send requests in it. */
export class Dialog {
  cseq: number
  constructor(
    readonly ua: TestUa,
    readonly callId: string,
    readonly localTag: string,
    public remoteTag: string,
    /** From / To as we write them (our URI first). */
    readonly localUri: string,
    readonly remoteUri: string,
    public remoteTarget: string,
    /** Route values in the order we put them. */
    public routeSet: string[],
    cseq: number,
  ) {
    this.cseq = cseq
  }

  /** A request inside the dialog; returns its text, branch and CSeq. */
  request(method: string, o: { headers?: string[]; body?: string; cseq?: number; branch?: string } = {}) {
    const branch = o.branch ?? generateBranch()
    const cseq = o.cseq ?? (method === "ACK" ? this.cseq : ++this.cseq)
    const text = crlf(
      [
        `${method} ${this.remoteTarget} SIP/2.0`,
        `Via: SIP/2.0/${this.ua.wire.transport} 127.0.0.1:${this.ua.wire.port};branch=${branch};rport`,
        "Max-Forwards: 70",
        ...this.routeSet.map((r) => `Route: ${r}`),
        `From: <${this.localUri}>;tag=${this.localTag}`,
        `To: <${this.remoteUri}>;tag=${this.remoteTag}`,
        `Call-ID: ${this.callId}`,
        `CSeq: ${cseq} ${method}`,
        `Contact: ${this.ua.contact}`,
        ...(o.headers ?? []),
      ],
      o.body,
    )
    return { text, branch, cseq }
  }

  send(method: string, o: Parameters<Dialog["request"]>[1] = {}) {
    const r = this.request(method, o)
    this.ua.wire.send(r.text)
    return r
  }

  /** Sends a request and waits for its final response. */
  async ask(method: string, o: Parameters<Dialog["request"]>[1] = {}): Promise<SipResponse> {
    const r = this.send(method, o)
    return (await this.ua.wire.next(and(callIdIs(this.callId), cseqMethod(method), isStatus((s) => s >= 200), (m) => m.headers.get("CSeq")!.startsWith(`${r.cseq} `)))) as SipResponse
  }
}

/** A call we place. */
export class OutgoingCall {
  branch = ""
  cseq = 1
  readonly fromTag = generateTag()
  readonly callId = generateCallId()
  dialog: Dialog | undefined
  private lastInvite = ""

  constructor(
    readonly ua: TestUa,
    readonly target: string,
  ) {}

  invite(o: { auth?: string; headers?: string[]; body?: string } = {}): string {
    this.branch = generateBranch()
    this.lastInvite = crlf(
      [
        `INVITE ${this.target} SIP/2.0`,
        `Via: SIP/2.0/${this.ua.wire.transport} 127.0.0.1:${this.ua.wire.port};branch=${this.branch};rport`,
        "Max-Forwards: 70",
        `From: "${this.ua.user.toUpperCase()}" <${this.ua.aor}>;tag=${this.fromTag}`,
        `To: <${this.target}>`,
        `Call-ID: ${this.callId}`,
        `CSeq: ${this.cseq} INVITE`,
        `Contact: ${this.ua.contact}`,
        ...(o.auth ? [`Proxy-Authorization: ${o.auth}`] : []),
        ...(o.headers ?? []),
        "Content-Type: application/sdp",
      ],
      o.body ?? SDP,
    )
    this.ua.wire.send(this.lastInvite)
    return this.lastInvite
  }

  retransmit(): void {
    this.ua.wire.send(this.lastInvite)
  }

  /** The next response to our INVITE (any status, or one matching). */
  async response(status?: number | ((s: number) => boolean), timeoutMs = 3000): Promise<SipResponse> {
    return (await this.ua.wire.next(
      and(callIdIs(this.callId), cseqMethod("INVITE"), status === undefined ? () => true : isStatus(status)),
      timeoutMs,
    )) as SipResponse
  }

  /** ACK for a non-2xx final response (same branch, hop by hop). */
  ackFailure(response: SipResponse): void {
    this.ua.wire.send(
      crlf([
        `ACK ${this.target} SIP/2.0`,
        `Via: SIP/2.0/${this.ua.wire.transport} 127.0.0.1:${this.ua.wire.port};branch=${this.branch};rport`,
        "Max-Forwards: 70",
        `From: <${this.ua.aor}>;tag=${this.fromTag}`,
        `To: ${response.headers.get("To")}`,
        `Call-ID: ${this.callId}`,
        `CSeq: ${this.cseq} ACK`,
      ]),
    )
  }

  /** CANCEL of the pending INVITE (its branch). */
  cancel(): void {
    this.ua.wire.send(
      crlf([
        `CANCEL ${this.target} SIP/2.0`,
        `Via: SIP/2.0/${this.ua.wire.transport} 127.0.0.1:${this.ua.wire.port};branch=${this.branch};rport`,
        "Max-Forwards: 70",
        `From: <${this.ua.aor}>;tag=${this.fromTag}`,
        `To: <${this.target}>`,
        `Call-ID: ${this.callId}`,
        `CSeq: ${this.cseq} CANCEL`,
      ]),
    )
  }

  /** Sends the INVITE, answers a 407 with credentials; resolves with the first response after it (100 absorbed unless asked). */
  async start(o: { headers?: string[]; body?: string; password?: string } = {}): Promise<SipResponse> {
    this.invite(o)
    let r = await this.response((s) => s !== 100)
    if (r.status !== 407) return r
    this.ackFailure(r)
    const challenge = r.headers.getAll("Proxy-Authenticate").find((c) => c.includes("algorithm=MD5")) ?? r.headers.get("Proxy-Authenticate")!
    const nonce = /nonce="([^"]+)"/.exec(challenge)![1]
    const realm = /realm="([^"]+)"/.exec(challenge)![1]
    this.cseq++
    this.invite({
      ...o,
      auth: authorization({ username: this.ua.user, password: o.password ?? this.ua.password, realm, nonce, uri: this.target, method: "INVITE", nc: this.ua.nextNc() }),
    })
    r = await this.response((s) => s !== 100)
    return r
  }

  /** A 2xx made the dialog: ACK it (route set = Record-Route reversed, target = Contact). */
  ack(ok: SipResponse): Dialog {
    const rr = ok.headers.getAll("Record-Route").reverse()
    const contact = uriOf(ok.headers.get("Contact")!)
    this.dialog = new Dialog(this.ua, this.callId, this.fromTag, tagOf(ok.headers.get("To"))!, this.ua.aor, uriOf(ok.headers.get("To")!), contact, rr, this.cseq)
    this.dialog.send("ACK", { cseq: this.cseq })
    return this.dialog
  }
}

/** A call that reached us. */
export class IncomingCall {
  readonly localTag = generateTag()
  dialog: Dialog | undefined

  constructor(
    readonly ua: TestUa,
    readonly invite: SipRequest,
  ) {}

  get callId(): string {
    return this.invite.headers.get("Call-ID")!
  }

  /** A response to a request we received (the INVITE by default): Vias, Record-Route, tags copied. */
  respond(status: number, o: { reason?: string; body?: string; to?: SipRequest; headers?: string[] } = {}): void {
    const req = o.to ?? this.invite
    const to = req.headers.get("To")!
    const lines = [
      `SIP/2.0 ${status} ${o.reason ?? "Whatever"}`,
      ...req.headers.getAll("Via").map((v) => `Via: ${v}`),
      ...(req.method === "INVITE" && status > 100 ? req.headers.getAll("Record-Route").map((r) => `Record-Route: ${r}`) : []),
      `From: ${req.headers.get("From")}`,
      `To: ${tagOf(to) !== undefined || status === 100 ? to : `${to};tag=${this.localTag}`}`,
      `Call-ID: ${req.headers.get("Call-ID")}`,
      `CSeq: ${req.headers.get("CSeq")}`,
      ...(req.method === "INVITE" && status > 100 && status < 300 ? [`Contact: ${this.ua.contact}`] : []),
      ...(o.headers ?? []),
    ]
    this.ua.wire.send(crlf(lines, o.body))
  }

  /** Answers 200 with SDP; the dialog from our side (route set = Record-Route as received, target = the caller's Contact). */
  answer(body = SDP): Dialog {
    this.respond(200, { reason: "OK", body, headers: ["Content-Type: application/sdp"] })
    const from = this.invite.headers.get("From")!
    this.dialog = new Dialog(
      this.ua, this.callId, this.localTag, tagOf(from)!, uriOf(this.invite.headers.get("To")!), uriOf(from),
      uriOf(this.invite.headers.get("Contact")!), this.invite.headers.getAll("Record-Route"), 0,
    )
    return this.dialog
  }

  /** The next request in this call (CANCEL, ACK, BYE, …). */
  async next(method: string, timeoutMs = 3000): Promise<SipRequest> {
    return (await this.ua.wire.next(and(callIdIs(this.callId), isRequest(method)), timeoutMs)) as SipRequest
  }
}

export class TestUa {
  private nc = 0
  readonly aor: string

  constructor(
    /** The connection; a test swaps it for a new one to play a phone that reconnects. */
    public wire: Wire,
    readonly user: string,
    readonly password: string,
    readonly serverPort: number,
  ) {
    this.aor = `sip:${user}@${DOMAIN}`
  }

  nextNc(): number {
    return ++this.nc
  }

  get contact(): string {
    return `<sip:${this.user}@127.0.0.1:${this.wire.port};transport=${this.wire.transport.toLowerCase()}>`
  }

  /** REGISTER with digest (401 answered); resolves with the final response. */
  async register(expires = 300): Promise<SipResponse> {
    const callId = generateCallId()
    const base = (cseq: number, auth?: string) =>
      crlf([
        `REGISTER sip:${DOMAIN} SIP/2.0`,
        `Via: SIP/2.0/${this.wire.transport} 127.0.0.1:${this.wire.port};branch=${generateBranch()};rport`,
        "Max-Forwards: 70",
        `From: <${this.aor}>;tag=${generateTag()}`,
        `To: <${this.aor}>`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq} REGISTER`,
        `Contact: ${this.contact}`,
        `Expires: ${expires}`,
        ...(auth ? [`Authorization: ${auth}`] : []),
      ])
    this.wire.send(base(1))
    const challenge = (await this.wire.next(and(callIdIs(callId), isStatus((s) => s >= 200)))) as SipResponse
    if (challenge.status !== 401) return challenge
    const c = challenge.headers.getAll("WWW-Authenticate").find((x) => x.includes("algorithm=MD5"))!
    const nonce = /nonce="([^"]+)"/.exec(c)![1]
    this.wire.send(base(2, authorization({ username: this.user, password: this.password, realm: DOMAIN, nonce, uri: `sip:${DOMAIN}` })))
    return (await this.wire.next(and(callIdIs(callId), isStatus((s) => s >= 200)))) as SipResponse
  }

  call(dialled: string): OutgoingCall {
    return new OutgoingCall(this, `sip:${dialled}@${DOMAIN}`)
  }

  /** Waits for an INVITE (a new call) to reach us. */
  async incoming(timeoutMs = 3000): Promise<IncomingCall> {
    const invite = (await this.wire.next((m) => m.kind === "request" && m.method === "INVITE" && tagOf(m.headers.get("To")) === undefined, timeoutMs)) as SipRequest
    return new IncomingCall(this, invite)
  }

  close(): void {
    this.wire.close()
  }
}

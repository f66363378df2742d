/**
 * A SIP server composed of the parts: UDP and TCP transports (and WebSocket
 * flows an HTTP server plugs in), the transaction layer, the registrar with its
 * location service, the stateful proxy with its call tracker, and a small core:
 * OPTIONS → 200 (Allow, Accept, Supported), REGISTER → registrar, INVITE and
 * MESSAGE → the proxy (caller authenticated with 407, dialplan, forking),
 * requests inside a dialog → the proxy along the dialog (481 when it knows
 * none), CANCEL → the proxy or its INVITE's transaction, ACK for 2xx and stray
 * 2xx → the proxy, known methods not served → 405, unknown methods → 501.
 */
import { randomBytes } from "node:crypto"
import {
  KNOWN_METHODS, type ParseOptions, type SipResponse, createResponse, generateTag, tagOf,
} from "../sip"
import { type Clock, systemClock } from "../transaction/clock"
import { TransactionLayer } from "../transaction/layer"
import type { ServerTransaction } from "../transaction/server"
import type { TimerValues } from "../transaction/timers"
import type { AccountStore } from "../registrar/accounts"
import { DigestAuthenticator } from "../registrar/authenticator"
import { LocationService } from "../registrar/location"
import { Registrar, type RegistrarOptions } from "../registrar/registrar"
import { CallTracker } from "../routing/call-tracker"
import type { RoutingPolicy } from "../routing/decide"
import { type Dialplan, InMemoryDialplan } from "../routing/dialplan"
import type { LocalAddresses } from "../routing/forwarding"
import { ROUTED_METHODS, SipProxy } from "../routing/proxy"
import { TcpTransport, type TcpTransportOptions } from "../transport/tcp"
import { Transports } from "../transport/transports"
import type { TransportLogger } from "../transport/types"
import { UdpTransport, type UdpTransportOptions } from "../transport/udp"
import { WsTransport } from "../transport/ws"

/** Methods this server answers or routes. */
export const ALLOWED_METHODS = ["INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "REGISTER", "INFO", "UPDATE", "REFER", "NOTIFY", "MESSAGE", "PRACK"] as const
/** Option tags of Supported (RFC 3327 Path, RFC 5626 outbound). */
export const SUPPORTED_EXTENSIONS = ["path", "outbound"] as const
// methods of a dialog that cannot exist yet: "Call/Transaction Does Not Exist"
const DIALOG_METHODS = new Set(["BYE", "PRACK", "UPDATE", "INFO", "NOTIFY", "REFER"])

export interface SipServerOptions {
  /** Address the UDP and TCP transports bind (default 127.0.0.1). */
  host?: string
  /** UDP listener (default port 5060; 0 = any free port); false: none. */
  udp?: Omit<UdpTransportOptions, "host" | "parse" | "logger"> | false
  /** TCP listener (default port 5060; 0 = any free port); false: none. */
  tcp?: Omit<TcpTransportOptions, "host" | "parse" | "logger"> | false
  accounts: AccountStore
  /** Nonce HMAC key, shared by instances behind one balancer (default: random per process). */
  nonceSecret?: string | Uint8Array
  /** Registrar and digest options (the digest ones serve REGISTER and call authentication alike). */
  registrar?: Omit<RegistrarOptions, "accounts" | "location" | "clock" | "nonceSecret" | "logger" | "authenticator">
  /** Where dialled numbers go (default: an empty in-memory dialplan; account usernames still dial, see `routing.dialUsernames`). */
  dialplan?: Dialplan
  /** Caller authentication and routing policy. */
  routing?: RoutingPolicy
  /** The call tracker (default: a new one on the system clock); listen with `calls.onEnded(record => …)`. */
  calls?: CallTracker
  /** The address put in Via and Record-Route (default: `host`; set it when binding 0.0.0.0). */
  advertisedHost?: string
  /** Most contacts per AOR (default 10) and the expiry sweep period (default 10 000 ms). */
  location?: { maxContactsPerAor?: number; sweepIntervalMs?: number }
  timers?: Partial<TimerValues>
  clock?: Clock
  parse?: ParseOptions
  /** `Server` header value (default "Switchboard"). */
  serverName?: string
  logger?: TransportLogger
}

export interface ListeningAddresses {
  udp?: { address: string; port: number }
  tcp?: { address: string; port: number }
}

export class SipServer {
  readonly transports = new Transports()
  readonly transactions: TransactionLayer
  readonly location: LocationService
  readonly registrar: Registrar
  /** The digest authenticator of REGISTER (401) and of callers (407). */
  readonly authenticator: DigestAuthenticator
  /** The stateful proxy: INVITE, MESSAGE and everything inside their dialogs. */
  readonly proxy: SipProxy
  /** Calls in progress and their records (`onRinging`, `onAnswered`, `onEnded`). */
  readonly calls: CallTracker
  /** Where the HTTP server plugs WebSocket connections in (`ws.openFlow`). */
  readonly ws: WsTransport
  private readonly udp: UdpTransport | undefined
  private readonly tcp: TcpTransport | undefined
  private readonly clock: Clock
  private readonly serverName: string
  private readonly logger: TransportLogger | undefined
  private started = false
  private maintenance: ReturnType<Clock["setTimeout"]> | undefined
  private readonly unsubscribe: (() => void)[] = []

  constructor(private readonly options: SipServerOptions) {
    this.clock = options.clock ?? systemClock
    this.serverName = options.serverName ?? "Switchboard"
    this.logger = options.logger
    const host = options.host ?? "127.0.0.1"
    const common = { parse: options.parse, logger: options.logger }
    if (options.udp !== false) this.udp = new UdpTransport({ port: 5060, ...options.udp, host, ...common })
    if (options.tcp !== false) this.tcp = new TcpTransport({ port: 5060, ...options.tcp, host, ...common })
    this.ws = new WsTransport(common)
    for (const t of [this.udp, this.tcp, this.ws]) if (t) this.transports.add(t)

    this.transactions = new TransactionLayer({
      send: (message, target) => this.transports.send(message, target),
      timers: options.timers,
      clock: this.clock,
      logger: options.logger,
    })
    this.location = new LocationService({ clock: this.clock, ...options.location })
    this.authenticator = new DigestAuthenticator({
      ...options.registrar,
      accounts: options.accounts,
      clock: this.clock,
      nonceSecret: options.nonceSecret ?? new Uint8Array(randomBytes(32)),
    })
    this.registrar = new Registrar({
      ...options.registrar,
      accounts: options.accounts,
      location: this.location,
      clock: this.clock,
      authenticator: this.authenticator,
      logger: options.logger,
    })
    this.calls = options.calls ?? new CallTracker({ logger: options.logger })
    const advertised = options.advertisedHost ?? host
    this.proxy = new SipProxy({
      transactions: this.transactions,
      transports: this.transports,
      location: this.location,
      accounts: options.accounts,
      dialplan: options.dialplan ?? new InMemoryDialplan(),
      authenticator: this.authenticator,
      calls: this.calls,
      policy: options.routing,
      clock: this.clock,
      logger: options.logger,
      addresses: () => {
        const a: LocalAddresses = {}
        if (this.udp) a.udp = { host: advertised, port: this.udp.local.port }
        if (this.tcp) a.tcp = { host: advertised, port: this.tcp.local.port }
        a.ws = { host: this.ws.local.address, port: this.ws.local.port }
        return a
      },
    })
    this.transactions.setUser({
      onRequest: (tx) => this.onRequest(tx),
      onAck: (ack, source) => this.proxy.ack(ack, source),
      onStrayResponse: (response, source) => this.proxy.strayResponse(response, source),
    })
  }

  /** Binds the listeners and starts the timers. Resolves with the bound addresses. */
  async start(): Promise<ListeningAddresses> {
    if (this.started) return this.addresses
    this.unsubscribe.push(
      this.transports.onMessage((message, source) => this.transactions.receive(message, source)),
      // WebSocket peers cannot be reached once their socket is gone
      this.transports.onFlowClosed((flowId, protocol) => {
        if (protocol !== "ws") return
        this.location.removeFlow(flowId)
        this.proxy.flowClosed(flowId)
      }),
    )
    try {
      await Promise.all([this.udp?.listen(), this.tcp?.listen()])
    } catch (error) {
      await this.stop()
      throw error
    }
    this.location.start()
    const tick = () => {
      this.registrar.sweep()
      this.maintenance = this.clock.setTimeout(tick, 60_000)
    }
    this.maintenance = this.clock.setTimeout(tick, 60_000)
    this.started = true
    return this.addresses
  }

  get addresses(): ListeningAddresses {
    const out: ListeningAddresses = {}
    if (this.udp) out.udp = this.udp.local
    if (this.tcp) out.tcp = this.tcp.local
    return out
  }

  /** Closes the listeners and connections, ends every transaction and timer. */
  async stop(): Promise<void> {
    this.started = false
    for (const u of this.unsubscribe.splice(0)) u()
    this.maintenance?.cancel()
    this.location.stop()
    this.proxy.close()
    this.transactions.close()
    await this.transports.close()
  }

  private respond(tx: ServerTransaction, response: SipResponse): void {
    if (!response.headers.has("Server")) response.headers.append("Server", this.serverName)
    tx.respond(response)
  }

  private reply(tx: ServerTransaction, status: number, options: Parameters<typeof createResponse>[2] = {}): void {
    this.respond(tx, createResponse(tx.request, status, { toTag: generateTag(), ...options }))
  }

  private onRequest(tx: ServerTransaction): void {
    const request = tx.request
    const method = request.method
    if (method === "CANCEL") return this.cancel(tx)
    const inDialog = tagOf(request.headers.get("To")) !== undefined
    // a proxy passes what it does not know along a dialog (§16.3: only Proxy-Require is ours to check)
    if (inDialog && method !== "REGISTER" && this.proxy.routeInDialog(tx)) return
    if (!KNOWN_METHODS.has(method)) return this.reply(tx, 501, { headers: [["Allow", ALLOWED_METHODS.join(", ")]] })
    if (!inDialog && ROUTED_METHODS.has(method)) return this.proxy.routeNew(tx, tx.source)
    // RFC 3261 §8.2.2.3: extensions the request requires that we do not know (for what we answer ourselves)
    const unsupported = request.headers
      .getAll("Require")
      .map((t) => t.trim())
      .filter((t) => t !== "" && !(SUPPORTED_EXTENSIONS as readonly string[]).includes(t.toLowerCase()))
    if (unsupported.length > 0) return this.reply(tx, 420, { headers: [["Unsupported", unsupported.join(", ")]] })
    if (inDialog && method !== "REGISTER" && method !== "OPTIONS") return this.reply(tx, 481)
    switch (method) {
      case "REGISTER":
        void this.registrar.handle(request, tx.source).then((response) => this.respond(tx, response))
        return
      case "OPTIONS":
        return this.reply(tx, 200, {
          headers: [
            ["Allow", ALLOWED_METHODS.join(", ")],
            ["Accept", "application/sdp"],
            ["Accept-Encoding", "identity"],
            ["Supported", SUPPORTED_EXTENSIONS.join(", ")],
          ],
        })
      default:
        if (DIALOG_METHODS.has(method)) return this.reply(tx, 481)
        return this.reply(tx, 405, { headers: [["Allow", ALLOWED_METHODS.join(", ")]] })
    }
  }

  private cancel(tx: ServerTransaction): void {
    if (this.proxy.cancel(tx)) return
    const invite = this.transactions.findInviteForCancel(tx.request)
    if (!invite) return this.reply(tx, 481)
    this.reply(tx, 200)
    if (!invite.answered) this.reply(invite, 487)
  }
}


/**
 * What a proxy does to a request it forwards and to the responses it relays
 * (RFC 3261 §16.3–§16.7, §16.11): our addresses per transport, Via with a
 * branch that carries a loop-detection hash, Record-Route (`;lr`, doubled when
 * the transport changes), Route popping (loose routing, with the strict-router
 * fix-up of §16.4), Max-Forwards, and the next hop of a URI.
 */
import { createHash } from "node:crypto"
import {
  BRANCH_MAGIC_COOKIE, type SipRequest, type SipResponse, type SipUri, formatHost, isIPv4, isIPv6, parseCSeq,
  parseNameAddr, parseVia, randomToken, tagOf,
} from "../sip"
import type { Target, TransportProtocol } from "../transport/types"

/** One address we listen on (or are reached at, for WebSocket: the HTTP server's). */
export interface LocalAddress {
  host: string
  port: number
}

export type LocalAddresses = Partial<Record<TransportProtocol, LocalAddress>>

const VIA_TRANSPORT: Record<TransportProtocol, string> = { udp: "UDP", tcp: "TCP", ws: "WS" }
/** Our branches: the magic cookie, "sb", the loop hash, ".", random. */
const OUR_BRANCH = `${BRANCH_MAGIC_COOKIE}sb`

/** Our own addresses: what goes into Via and Record-Route, and how to recognise our Route entries. */
export class OwnAddresses {
  constructor(private readonly current: () => LocalAddresses) {}

  get(transport: TransportProtocol): LocalAddress | undefined {
    return this.current()[transport]
  }

  /** Whether host:port names us (a Route or Request-URI we put there, a Via we added). */
  isOurs(host: string, port: number | undefined, transport?: string): boolean {
    const h = host.toLowerCase()
    const all = this.current()
    for (const [t, a] of Object.entries(all) as [TransportProtocol, LocalAddress][]) {
      if (!a || a.host.toLowerCase() !== h) continue
      // a WebSocket address whose port is not known yet (tests, before the HTTP server told us): host + transport=ws
      if (t === "ws" && a.port === 0) {
        if (transport?.toLowerCase() === "ws") return true
        continue
      }
      if ((port ?? 5060) === a.port) return true
    }
    return false
  }

  isOurUri(uri: SipRequest["uri"]): boolean {
    if (uri.kind !== "sip" || uri.user !== undefined) return false
    const t = uri.params.get("transport")
    return this.isOurs(uri.host, uri.port, typeof t === "string" ? t : undefined)
  }

  /** `<sip:host:port;transport=x;lr>` for the side of a call reached over `transport`. */
  recordRoute(transport: TransportProtocol): string | undefined {
    const a = this.get(transport)
    if (!a) return undefined
    return `<sip:${formatHost(a.host)}${a.port > 0 ? `:${a.port}` : ""};transport=${transport};lr>`
  }

  /** A Via of ours for `transport` with `branch`. */
  via(transport: TransportProtocol, branch: string): string | undefined {
    const a = this.get(transport)
    if (!a) return undefined
    return `SIP/2.0/${VIA_TRANSPORT[transport]} ${formatHost(a.host)}${a.port > 0 ? `:${a.port}` : ""};branch=${branch}${transport === "udp" ? ";rport" : ""}`
  }
}

const hash = (text: string, length: number): string => createHash("sha256").update(text, "utf8").digest("base64url").slice(0, length)

/**
 * The loop-detection part of our branch (RFC 3261 §16.6 step 8): a hash of
 * what stays the same when a request comes back to us unchanged — the
 * Request-URI as received, From tag, To tag, Call-ID, CSeq number,
 * Proxy-Require. A spiral (the Request-URI changed) hashes differently.
 */
export const loopHash = (request: SipRequest, receivedUri: string): string => {
  const cseq = parseCSeq(request.headers.get("CSeq") ?? "")
  return hash(
    [
      receivedUri, tagOf(request.headers.get("From")) ?? "", tagOf(request.headers.get("To")) ?? "", request.headers.get("Call-ID") ?? "",
      cseq.ok ? cseq.value.seq : "", request.headers.getAll("Proxy-Require").join(","),
    ].join("\u0001"),
    12,
  )
}

/** A new branch for a request we forward statefully. */
export const proxyBranch = (loop: string): string => `${OUR_BRANCH}${loop}.${randomToken(10)}`

/** The same branch for the same input: ACKs for 2xx forwarded statelessly (§16.11), retransmissions included. */
export const statelessBranch = (seed: string): string => `${OUR_BRANCH}${hash(seed, 12)}.0`

/** 482: one of the Vias is ours with the same loop hash (the request came back unchanged). */
export const isLooped = (request: SipRequest, loop: string, own: OwnAddresses): boolean => {
  for (const raw of request.headers.getAll("Via")) {
    const v = parseVia(raw)
    if (!v.ok || v.value.branch === undefined || !v.value.branch.startsWith(OUR_BRANCH)) continue
    if (!own.isOurs(v.value.host, v.value.port, v.value.transport)) continue
    if (v.value.branch.slice(OUR_BRANCH.length, OUR_BRANCH.length + loop.length) === loop) return true
  }
  return false
}

/** Whether the top Via of a response is one of ours (a response to something we forwarded). */
export const topViaIsOurs = (response: SipResponse, own: OwnAddresses): boolean => {
  const top = response.headers.get("Via")
  const v = top !== undefined ? parseVia(top) : undefined
  return v?.ok === true && v.value.branch?.startsWith(OUR_BRANCH) === true && own.isOurs(v.value.host, v.value.port, v.value.transport)
}

/** Removes the first value of a header field, keeping the others in order. */
export const removeFirst = (headers: SipRequest["headers"], name: string): string | undefined => {
  const all = headers.getAll(name)
  if (all.length === 0) return undefined
  headers.delete(name)
  for (const v of all.slice(1)) headers.append(name, v)
  return all[0]
}

/** The response as the previous hop must see it: our Via taken off (§16.7 step 9). */
export const popVia = (response: SipResponse): void => {
  const vias = response.headers.getAll("Via")
  response.headers.delete("Via")
  for (let i = vias.length - 1; i >= 1; i--) response.headers.prepend("Via", vias[i])
}

/** Adds a value on top of a field's values (Via, Route, Record-Route). */
export const pushTop = (headers: SipRequest["headers"], name: string, value: string): void => {
  headers.prepend(name, value)
}

const routeUri = (value: string): SipUri | undefined => {
  const na = parseNameAddr(value)
  return na.ok && na.value.uri.kind === "sip" ? na.value.uri : undefined
}

/**
 * §16.4: a Request-URI that is one of our Record-Route values means the
 * previous hop is a strict router — the real Request-URI is the last Route.
 * Then every Route on top that is ours is removed (two after a double
 * Record-Route). Returns how many of ours were removed.
 */
export const consumeOwnRoutes = (request: SipRequest, own: OwnAddresses): number => {
  if (own.isOurUri(request.uri)) {
    const routes = request.headers.getAll("Route")
    const last = routes.length > 0 ? routeUri(routes[routes.length - 1]) : undefined
    if (last) {
      request.uri = last
      request.headers.delete("Route")
      for (const r of routes.slice(0, -1)) request.headers.append("Route", r)
    }
  }
  let n = 0
  while (true) {
    const top = request.headers.get("Route")
    const uri = top !== undefined ? routeUri(top) : undefined
    if (!uri || !own.isOurUri(uri)) return n
    removeFirst(request.headers, "Route")
    n++
  }
}

/** The value of the first Route, as a URI (the next hop when there is one). */
export const firstRoute = (request: SipRequest): SipUri | undefined => {
  const top = request.headers.get("Route")
  return top !== undefined ? routeUri(top) : undefined
}

/**
 * Where a URI points, without DNS (RFC 3263 is not done here): an IP address
 * or "localhost", the port (default 5060) and the transport parameter (default
 * UDP). Hostnames and sips/TLS give undefined.
 */
export const uriTarget = (uri: SipRequest["uri"]): Target | undefined => {
  if (uri.kind !== "sip" || uri.scheme !== "sip") return undefined
  const maddr = uri.params.get("maddr")
  let host = typeof maddr === "string" ? maddr : uri.host
  if (host.toLowerCase() === "localhost") host = "127.0.0.1"
  if (!isIPv4(host) && !isIPv6(host)) return undefined
  const t = uri.params.get("transport")
  const transport = typeof t === "string" ? t.toLowerCase() : "udp"
  if (transport !== "udp" && transport !== "tcp") return undefined
  return { transport, address: host, port: uri.port ?? 5060 }
}

/** Max-Forwards of a request (70 when absent: RFC 2543 peers), or undefined when unreadable. */
export const maxForwards = (request: SipRequest): number | undefined => {
  const v = request.headers.get("Max-Forwards")
  if (v === undefined) return 70
  const n = Number(v.trim())
  return Number.isInteger(n) && n >= 0 && n <= 255 ? n : undefined
}

/** A copy of `request` ready to be changed and sent: headers cloned, body shared (never mutated). */
export const copyRequest = (request: SipRequest, uri: SipRequest["uri"] = request.uri): SipRequest => ({
  kind: "request", method: request.method, uri, headers: request.headers.clone(), body: request.body,
})

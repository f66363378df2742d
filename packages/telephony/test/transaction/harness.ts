import {
  ManualClock, type SipMessage, type SipRequest, type SipResponse, type Source, type Target, type TimerValues,
  TransactionLayer, type TransactionUser, createResponse, generateBranch, parseMessage,
} from "../../src/server"

export interface Sent {
  at: number
  message: SipMessage
  target: Target
}

export const UDP: Source = { transport: "udp", address: "127.0.0.1", port: 5070, flowId: "udp:127.0.0.1:5070" }
export const TCP: Source = { transport: "tcp", address: "127.0.0.1", port: 40000, flowId: "tcp:1" }
export const TIMERS: Partial<TimerValues> = { T1: 100, T2: 400, T4: 500, D: 3200, trying: 200 }

/** A transaction layer on a manual clock whose sends are recorded (parsed back from their bytes). */
export const harness = (user: Partial<TransactionUser> = {}, timers = TIMERS) => {
  const clock = new ManualClock(1000)
  const sent: Sent[] = []
  let failSends = false
  const layer = new TransactionLayer({
    clock,
    timers,
    send: async (message, target) => {
      if (failSends) throw new Error("network down")
      const parsed = message instanceof Uint8Array ? parseMessage(message) : { ok: true as const, message }
      if (!parsed.ok) throw new Error("sent bytes do not parse")
      sent.push({ at: clock.now(), message: parsed.message, target })
    },
  })
  layer.setUser({ onRequest: () => {}, ...user })
  return {
    clock,
    layer,
    sent,
    failSends: (on: boolean) => void (failSends = on),
    /** Times (relative to `from`) at which messages matching `pred` were sent. */
    times: (pred: (m: SipMessage) => boolean, from = 1000) => sent.filter((s) => pred(s.message)).map((s) => s.at - from),
  }
}

const enc = new TextEncoder()
export const parse = (text: string): SipMessage => {
  const r = parseMessage(enc.encode(text))
  if (!r.ok) throw new Error(`bad test message: ${r.error.reason}`)
  return r.message
}

export const makeRequest = (method: string, o: { branch?: string; port?: number; cseq?: number; callId?: string; toTag?: string } = {}): SipRequest =>
  parse(
    [
      `${method} sip:bob@127.0.0.1 SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${o.port ?? 5070};branch=${o.branch ?? generateBranch()}`,
      "Max-Forwards: 70",
      "From: <sip:alice@example.test>;tag=abc",
      `To: <sip:bob@example.test>${o.toTag ? `;tag=${o.toTag}` : ""}`,
      `Call-ID: ${o.callId ?? "call-1"}`,
      `CSeq: ${o.cseq ?? 1} ${method}`,
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n"),
  ) as SipRequest

/** An ACK for a failure response to `invite` (same branch, the response's To). */
export const ackFor = (invite: SipRequest, response: SipResponse): SipRequest => {
  const ack = makeRequest("ACK", { cseq: Number.parseInt(invite.headers.get("CSeq")!, 10) })
  ack.headers.set("Via", invite.headers.get("Via")!)
  ack.headers.set("To", response.headers.get("To")!)
  return ack
}

export const respondTo = (request: SipRequest, status: number): SipResponse => createResponse(request, status, { toTag: "srv" })

export const statusOf = (m: SipMessage) => (m.kind === "response" ? m.status : 0)
export const isStatus = (status: number) => (m: SipMessage) => m.kind === "response" && m.status === status
export const isMethod = (method: string) => (m: SipMessage) => m.kind === "request" && m.method === method

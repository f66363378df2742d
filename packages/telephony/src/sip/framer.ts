/**
 * Cuts a byte stream (TCP, TLS) into SIP messages (RFC 3261 §18.3): the header
 * section ends at the first empty line, the body is Content-Length bytes long
 * (0 when absent). CRLFs between messages are skipped (§7.5); a double CRLF is
 * an RFC 5626 keep-alive ping, reported so the transport can answer a single
 * CRLF pong. A framing error (no empty line within the limit, a Content-Length
 * that is negative, not a number or given twice with different values) is
 * fatal: nothing after it can be trusted, the connection should be closed.
 */
import { CR, LF } from "./chars"
import type { ParseError, ParseResult } from "./message"
import {
  type Head, type ParseOptions, contentLengthOf, decodeHeaderSection, findHeaderEnd, finishMessage, parseHead,
  resolveOptions,
} from "./parse"

export type FramerEvent =
  /** One message, parsed (`result`), with its exact bytes. */
  | { type: "message"; result: ParseResult; bytes: Uint8Array }
  /** CRLF CRLF keep-alive from the peer: answer with `CRLF` (the pong). */
  | { type: "ping" }
  /** A lone CRLF (only reported with `keepalive: "client"`): the pong to our ping. */
  | { type: "pong" }
  /**
   * A message that cannot be taken. `fatal`: the stream is out of step and the
   * connection must be closed (the framer refuses further input). Not fatal: an
   * oversized message was skipped whole (513) and framing goes on.
   * `error.partial` allows an answer when it was a request.
   */
  | { type: "error"; fatal: boolean; error: ParseError }

export interface FramerOptions extends ParseOptions {
  /** Longest header section waited for without its empty line (default: maxMessageSize). */
  maxHeaderBytes?: number
  /**
   * "server" (default): CRLF CRLF is a ping, lone CRLFs are skipped silently.
   * "client": every CRLF received is a pong (the answer to our pings).
   */
  keepalive?: "server" | "client"
}

/** The RFC 5626 pong: what a transport writes back on a ping. */
export const CRLF = new Uint8Array([CR, LF])
/** The RFC 5626 ping a client sends. */
export const CRLF_CRLF = new Uint8Array([CR, LF, CR, LF])

export class SipStreamFramer {
  private buf = new Uint8Array(4096)
  private start = 0
  private end = 0
  /** Where the search for the empty line resumes. */
  private scanFrom = 0
  /** Head of the message whose body is awaited. */
  private head: Head | undefined
  private headStart = 0
  private bodyStart = 0
  private total = 0
  /** Bytes of an oversized message still to drop. */
  private skip = 0
  private failed = false
  private readonly opts: ReturnType<typeof resolveOptions>
  private readonly maxHeaderBytes: number
  private readonly client: boolean

  constructor(options: FramerOptions = {}) {
    this.opts = resolveOptions(options)
    this.maxHeaderBytes = options.maxHeaderBytes ?? this.opts.maxMessageSize
    this.client = options.keepalive === "client"
  }

  /** Bytes held, waiting for the rest of a message. */
  get buffered(): number {
    return this.end - this.start
  }

  /** True after a fatal error: the stream must be closed. */
  get closed(): boolean {
    return this.failed
  }

  /** Feeds received bytes; returns what they completed, in order. */
  push(chunk: Uint8Array): FramerEvent[] {
    const events: FramerEvent[] = []
    if (this.failed) return events
    this.append(chunk)
    while (this.step(events));
    if (this.start === this.end) {
      this.start = this.end = this.scanFrom = 0
      if (this.buf.length > 65536) this.buf = new Uint8Array(4096)
    }
    return events
  }

  private append(chunk: Uint8Array) {
    if (chunk.length === 0) return
    if (this.end + chunk.length > this.buf.length) {
      const live = this.end - this.start
      const shift = this.start
      if (live + chunk.length <= this.buf.length) this.buf.copyWithin(0, this.start, this.end)
      else {
        let cap = this.buf.length * 2
        while (cap < live + chunk.length) cap *= 2
        const next = new Uint8Array(cap)
        next.set(this.buf.subarray(this.start, this.end))
        this.buf = next
      }
      this.start = 0
      this.end = live
      this.scanFrom -= shift
      this.headStart -= shift
      this.bodyStart -= shift
    }
    this.buf.set(chunk, this.end)
    this.end += chunk.length
  }

  private fatal(events: FramerEvent[], error: ParseError): false {
    events.push({ type: "error", fatal: true, error })
    this.failed = true
    this.start = this.end = 0
    this.head = undefined
    return false
  }

  /** Makes one step of progress; false when more bytes are needed. */
  private step(events: FramerEvent[]): boolean {
    const b = this.buf
    if (this.skip > 0) {
      const n = Math.min(this.skip, this.end - this.start)
      this.start += n
      this.skip -= n
      if (this.skip > 0) return false
      this.scanFrom = this.start
    }
    if (this.head) {
      if (this.end - this.headStart < this.total) return false
      const result = finishMessage(this.head, b, this.headStart, this.bodyStart, this.headStart + this.total, this.opts)
      events.push({ type: "message", result, bytes: b.slice(this.headStart, this.headStart + this.total) })
      this.start = this.scanFrom = this.headStart + this.total
      this.head = undefined
      return true
    }
    // between messages: CRLF keep-alives
    if (this.start < this.end && (b[this.start] === CR || b[this.start] === LF)) {
      const avail = this.end - this.start
      const s = this.start
      if (b[s] === CR && avail < 2) return false
      if (b[s] === CR && b[s + 1] === LF) {
        if (this.client) {
          events.push({ type: "pong" })
          this.start += 2
        } else if (avail >= 4 && b[s + 2] === CR && b[s + 3] === LF) {
          events.push({ type: "ping" })
          this.start += 4
        } else if (avail === 2 || (avail === 3 && b[s + 2] === CR)) return false // maybe the start of a ping
        else this.start += 2
      } else this.start += 1 // a stray CR or LF
      this.scanFrom = this.start
      return true
    }
    if (this.start === this.end) return false
    if (this.scanFrom < this.start) this.scanFrom = this.start
    const limit = Math.min(this.end, this.start + this.maxHeaderBytes)
    const found = findHeaderEnd(b, this.scanFrom, limit)
    if (found < 0) {
      this.scanFrom = -found - 1
      if (this.end - this.start > this.maxHeaderBytes)
        return this.fatal(events, { code: 513, reason: "Header section too large", isRequest: false })
      return false
    }
    const headerEnd = b[found - 2] === CR ? found - 2 : found - 1
    const head = parseHead(decodeHeaderSection(b, this.start, headerEnd), this.opts)
    const cl = contentLengthOf(head)
    const error = (code: number, reason: string): ParseError =>
      head.isRequest ? { code, reason, isRequest: true, partial: head.partial } : { code, reason, isRequest: false }
    if (!cl.ok) return this.fatal(events, error(400, cl.reason))
    const length = cl.value ?? 0
    const total = found - this.start + length
    if (total > this.opts.maxMessageSize) {
      events.push({ type: "error", fatal: false, error: error(513, "Message Too Large") })
      this.start = found
      this.skip = length
      return true
    }
    this.head = head
    this.headStart = this.start
    this.bodyStart = found
    this.total = total
    return true
  }
}

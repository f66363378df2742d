/**
 * A streaming reader of multipart/form-data (RFC 7578): it finds the part
 * named `file` and hands its bytes on as they arrive, so an upload goes to
 * the file storage without being held in memory, and the whole request body
 * is counted against a limit while it streams in.
 */

/** The request body went past its limit (while streaming: no Content-Length to check first). */
export class BodyTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`the body is larger than ${limitBytes} bytes`)
  }
}

/** The body is not well-formed multipart/form-data. */
export class MultipartError extends Error {}

export interface FilePart {
  readonly filename: string | null
  readonly contentType: string | null
  /** the part's bytes; iterate once */
  readonly body: AsyncIterable<Uint8Array>
}

const MAX_HEADER_BYTES = 16 * 1024
const CRLF = new Uint8Array([0x0d, 0x0a])
const encoder = new TextEncoder()

/** The boundary of a multipart/form-data Content-Type, or null when it is not one. */
export const boundaryOf = (contentType: string | undefined | null): string | null => {
  if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return null
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s"]{1,70}))/i.exec(contentType)
  return m ? (m[1] ?? m[2]) : null
}

const concat = (a: Uint8Array, b: Uint8Array) => {
  if (a.length === 0) return b
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

const indexOf = (hay: Uint8Array, needle: Uint8Array, from = 0) => {
  for (let i = hay.indexOf(needle[0], from); i >= 0 && i <= hay.length - needle.length; i = hay.indexOf(needle[0], i + 1)) {
    let j = 1
    while (j < needle.length && hay[i + j] === needle[j]) j++
    if (j === needle.length) return i
  }
  return -1
}

/** `name="x"; filename="a.png"; filename*=UTF-8''…` → a map of the parameters, decoded. */
const dispositionParams = (value: string) => {
  const params = new Map<string, string>()
  const re = /;\s*([A-Za-z0-9_*.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const key = m[1].toLowerCase()
    let v = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3].trim()
    if (key.endsWith("*")) {
      // RFC 5987: charset'language'percent-encoded
      const ext = /^([^']*)'[^']*'(.*)$/.exec(v)
      if (!ext) continue
      try {
        v = decodeURIComponent(ext[2])
      } catch {
        continue
      }
      params.set(key.slice(0, -1), v)
      params.set(key, v)
      continue
    }
    if (!params.has(key)) params.set(key, v)
  }
  // filename* wins over filename when both are given
  if (params.has("filename*")) params.set("filename", params.get("filename*")!)
  return params
}

class Reader {
  private buf: Uint8Array = new Uint8Array(CRLF) // the first boundary needs no CRLF before it: pretend there is one
  private total = 0
  private ended = false

  constructor(private readonly source: ReadableStreamDefaultReader<Uint8Array>, private readonly limit: number) {}

  get buffer() {
    return this.buf
  }

  /** Reads one more chunk into the buffer; false at the end of the body. */
  async more(): Promise<boolean> {
    if (this.ended) return false
    const { value, done } = await this.source.read()
    if (done) {
      this.ended = true
      return false
    }
    this.total += value.length
    if (this.total > this.limit) throw new BodyTooLarge(this.limit)
    this.buf = concat(this.buf, value)
    return true
  }

  take(n: number) {
    const out = this.buf.subarray(0, n)
    this.buf = this.buf.subarray(n)
    return out
  }
}

/**
 * Reads parts up to the first one named `file` and returns it (its body still
 * streaming); null when the body has no such part. Other parts are skipped.
 */
export const findFilePart = async (stream: ReadableStream<Uint8Array>, boundary: string, limitBytes: number): Promise<FilePart | null> => {
  const r = new Reader(stream.getReader(), limitBytes)
  const delimiter = encoder.encode(`\r\n--${boundary}`)

  /** The next piece of the current part, or null once its closing delimiter is consumed. */
  const nextPiece = async (): Promise<Uint8Array | null> => {
    for (;;) {
      const i = indexOf(r.buffer, delimiter)
      if (i === 0) {
        r.take(delimiter.length)
        return null
      }
      if (i > 0) return r.take(i)
      // Keep what could be the start of a delimiter split across chunks.
      const safe = r.buffer.length - delimiter.length + 1
      if (safe > 0) return r.take(safe)
      if (!(await r.more())) throw new MultipartError("The body ends before its closing boundary")
    }
  }

  /** After a delimiter: true when another part follows, false at the closing "--". */
  const afterDelimiter = async (): Promise<boolean> => {
    while (r.buffer.length < 2) if (!(await r.more())) throw new MultipartError("The body ends after a boundary")
    if (r.buffer[0] === 0x2d && r.buffer[1] === 0x2d) return false
    for (;;) {
      const i = indexOf(r.buffer, CRLF)
      if (i >= 0) {
        r.take(i + 2) // transport padding, then CRLF
        return true
      }
      if (r.buffer.length > 256) throw new MultipartError("Malformed boundary line")
      if (!(await r.more())) throw new MultipartError("The body ends after a boundary")
    }
  }

  const headers = async () => {
    const end = encoder.encode("\r\n\r\n")
    for (;;) {
      // A part without headers starts right away with the blank line.
      if (r.buffer[0] === 0x0d && r.buffer[1] === 0x0a) {
        r.take(2)
        return new Map<string, string>()
      }
      const i = indexOf(r.buffer, end)
      if (i >= 0) {
        const text = new TextDecoder().decode(r.take(i))
        r.take(4)
        const map = new Map<string, string>()
        for (const line of text.split("\r\n")) {
          const colon = line.indexOf(":")
          if (colon > 0) map.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
        }
        return map
      }
      if (r.buffer.length > MAX_HEADER_BYTES) throw new MultipartError("The headers of a part are too long")
      if (!(await r.more())) throw new MultipartError("The body ends inside the headers of a part")
    }
  }

  // The preamble, up to the first boundary, is ignored.
  while (indexOf(r.buffer, delimiter) < 0) {
    if (r.buffer.length >= delimiter.length) r.take(r.buffer.length - delimiter.length + 1)
    if (!(await r.more())) throw new MultipartError("No multipart boundary in the body")
  }
  r.take(indexOf(r.buffer, delimiter) + delimiter.length)

  while (await afterDelimiter()) {
    const h = await headers()
    const disposition = h.get("content-disposition") ?? ""
    const params = dispositionParams(disposition)
    if (/^\s*form-data\b/i.test(disposition) && params.get("name") === "file") {
      return {
        filename: params.get("filename") ?? null,
        contentType: h.get("content-type") ?? null,
        body: {
          async *[Symbol.asyncIterator]() {
            for (let piece = await nextPiece(); piece; piece = await nextPiece()) if (piece.length) yield piece
          },
        },
      }
    }
    while ((await nextPiece()) !== null) { /* skip a part we do not want */ }
  }
  return null
}

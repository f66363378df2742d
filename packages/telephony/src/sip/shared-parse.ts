/**
 * Parsers of the header values that handling one request reads again and again:
 * the top Via (parse check, received/rport stamp, transaction key, response
 * target) and From/To (parse check, dialog test, registrar, To tag of the
 * answer). Each keeps its last few results, so that a value is parsed once.
 * The results are shared between callers: their types are read-only and they
 * must never be changed (use `parseVia` / `parseNameAddr` for a copy to edit).
 */
import { type NameAddr, type Via, parseNameAddr, parseVia, unquote } from "./headers"
import type { Outcome, SipParams } from "./message"

/** SipParams without the methods that change it. */
export type ReadonlyParams = Omit<SipParams, "set" | "append" | "delete">

/** A parse result shared between callers: read-only all the way down. */
export type Shared<T> = T extends SipParams ? ReadonlyParams : T extends object ? { readonly [K in keyof T]: Shared<T[K]> } : T

/** The last `size` (value, result) pairs of a parser, in a ring. */
class Remembered<T> {
  private readonly keys: (string | undefined)[]
  private readonly results: T[]
  private next = 0

  constructor(
    private readonly parse: (value: string) => T,
    private readonly size: number,
  ) {
    this.keys = new Array(size).fill(undefined)
    this.results = new Array(size)
  }

  read(value: string): T {
    for (let i = 0; i < this.size; i++) if (this.keys[i] === value) return this.results[i]
    return this.keep(value, this.parse(value))
  }

  keep(value: string, result: T): T {
    this.keys[this.next] = value
    this.results[this.next] = result
    this.next = (this.next + 1) % this.size
    return result
  }
}

const vias = new Remembered(parseVia, 4)
const nameAddrs = new Remembered((v: string) => parseNameAddr(v), 8)

/** `parseVia`, remembered: never change the result. */
export const readVia = (value: string): Outcome<Shared<Via>> => vias.read(value)

/**
 * Remembers what `formatVia(via)` = `value` parses to, when the caller built
 * `value` from a parsed Via and knows the result (`stampVia`: the received/rport
 * stamp). `via` must equal what `parseVia(value)` returns.
 */
export const rememberVia = (value: string, via: Via): void => {
  vias.keep(value, { ok: true, value: via })
}

/** `parseNameAddr` (bare addr-spec allowed), remembered: never change the result. */
export const readNameAddr = (value: string): Outcome<Shared<NameAddr>> => nameAddrs.read(value)

/** The tag parameter of a From/To value, if the value parses and has one. */
export const tagOf = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined
  const na = readNameAddr(value)
  if (!na.ok) return undefined
  const tag = na.value.params.get("tag")
  return tag === null || tag === undefined ? undefined : unquote(tag)
}

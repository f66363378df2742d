import { describe, expect, test } from "bun:test"
import { DatagramBatch } from "../../src/transport/datagram-batch"

type Packet = Uint8Array | number | string
const enc = new TextEncoder()
const dec = new TextDecoder()

/**
 * A kernel like sendmmsg: takes at most `room` datagrams per call (its send buffer), stops at a datagram to
 * port 9 (refused), and reports the error only when that is the first one.
 */
const kernel = (room = Number.POSITIVE_INFINITY) => {
  const taken: string[] = []
  let calls = 0
  const sendMany = (packets: readonly Packet[]) => {
    calls++
    let n = 0
    for (let i = 0; i < packets.length && n < room; i += 3, n++) {
      if (packets[i + 1] === 9) {
        if (n === 0) throw new Error("EINVAL")
        break
      }
      taken.push(dec.decode(packets[i] as Uint8Array))
    }
    return n
  }
  return { sendMany, taken, calls: () => calls }
}

/** The batch with a schedule we run by hand. */
const setup = (k: ReturnType<typeof kernel>, maxQueued?: number) => {
  const pending: (() => void)[] = []
  const batch = new DatagramBatch(k.sendMany, { schedule: (f) => void pending.push(f), retryMs: 1, maxQueued })
  const turn = () => {
    for (const f of pending.splice(0)) f()
  }
  return { batch, turn }
}

describe("datagrams sent together once a turn of the event loop is over", () => {
  test("everything added during a turn goes out in one call, in order", () => {
    const k = kernel()
    const { batch, turn } = setup(k)
    for (let i = 0; i < 100; i++) batch.add(enc.encode(`m${i}`), 5060, "127.0.0.1")
    expect(k.taken.length).toBe(0)
    turn()
    expect(k.calls()).toBe(1)
    expect(k.taken).toEqual(Array.from({ length: 100 }, (_, i) => `m${i}`))
    expect(batch.size).toBe(0)
  })

  test("what the kernel does not take waits, in order, for the drain (or the retry)", async () => {
    const k = kernel(30)
    const { batch, turn } = setup(k)
    for (let i = 0; i < 100; i++) batch.add(enc.encode(`m${i}`), 5060, "127.0.0.1")
    turn()
    expect(k.taken.length).toBe(30)
    expect(batch.size).toBe(70)
    // more sent while blocked join the end of the queue, no extra flush is scheduled
    batch.add(enc.encode("late"), 5060, "127.0.0.1")
    turn()
    expect(k.calls()).toBe(1)
    batch.flush() // the socket drained
    expect(k.taken.length).toBe(60)
    await Bun.sleep(20) // the retries take the rest
    expect(k.taken).toEqual([...Array.from({ length: 100 }, (_, i) => `m${i}`), "late"])
    expect(batch.size).toBe(0)
  })

  test("a datagram the kernel refuses is dropped, the others still go", async () => {
    const k = kernel()
    const { batch, turn } = setup(k)
    batch.add(enc.encode("a"), 5060, "127.0.0.1")
    batch.add(enc.encode("bad"), 9, "127.0.0.1")
    batch.add(enc.encode("b"), 5060, "127.0.0.1")
    turn()
    expect(k.taken).toEqual(["a"]) // sendmmsg stopped at the refused one without an error
    await Bun.sleep(10) // the retry: now the refused one is first, reported, dropped
    expect(k.taken).toEqual(["a", "b"])
    expect(batch.size).toBe(0)
  })

  test("beyond maxQueued datagrams are dropped (as if lost); after close nothing is sent", () => {
    const k = kernel(0)
    const { batch, turn } = setup(k, 5)
    for (let i = 0; i < 8; i++) batch.add(enc.encode(`m${i}`), 5060, "127.0.0.1")
    expect(batch.size).toBe(5)
    turn()
    batch.close()
    expect(batch.size).toBe(0)
    batch.add(enc.encode("x"), 5060, "127.0.0.1")
    batch.flush()
    expect(batch.size).toBe(0)
    expect(k.taken).toEqual([])
  })
})

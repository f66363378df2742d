import { afterEach, describe, expect, test } from "bun:test"
import { dlopen, ptr } from "bun:ffi"
import { type DatagramSocket, openDatagramSocket } from "../../src/transport/datagram-socket"
import { setSocketBufferSizes } from "../../src/transport/socket-buffers"

const open: { close(): unknown }[] = []
afterEach(async () => {
  for (const o of open.splice(0)) await o.close()
})

const enc = new TextEncoder()
const dec = new TextDecoder()

/** A socket that records what it receives, in order. */
const receiver = async () => {
  const got: { text: string; address: string; port: number }[] = []
  // a receive buffer that takes a burst (the system's default holds ~256 small datagrams)
  const socket = await openDatagramSocket({ host: "127.0.0.1", port: 0, receiveBufferSize: 4 << 20 }, (bytes, address, port) =>
    got.push({ text: dec.decode(bytes), address, port }))
  open.push(socket)
  return { socket, got }
}

const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time")
    await Bun.sleep(5)
  }
}

describe("the datagram socket under the UDP transport (Bun)", () => {
  test("datagrams sent in one turn of the event loop all arrive, in order, from the socket's own port", async () => {
    const a = await receiver()
    const b = await receiver()
    for (let i = 0; i < 500; i++) expect(a.socket.send(enc.encode(`m${i}`), b.socket.port, "127.0.0.1")).toBe(true)
    expect(b.got.length).toBe(0) // they leave together once this turn is over
    await until(() => b.got.length === 500)
    expect(b.got.map((g) => g.text)).toEqual(Array.from({ length: 500 }, (_, i) => `m${i}`))
    expect(b.got.every((g) => g.address === "127.0.0.1" && g.port === a.socket.port)).toBe(true)
  })

  test("a host name, a bad port or a closed socket cannot send", async () => {
    const a = await receiver()
    const b = await receiver()
    expect(a.socket.send(enc.encode("x"), b.socket.port, "localhost")).toBe(false)
    expect(a.socket.send(enc.encode("x"), 0, "127.0.0.1")).toBe(false)
    expect(a.socket.send(enc.encode("x"), 70000, "127.0.0.1")).toBe(false)
    const closing: DatagramSocket = a.socket
    await closing.close()
    expect(closing.send(enc.encode("x"), b.socket.port, "127.0.0.1")).toBe(false)
  })
})

describe("socket buffer sizes through libc", () => {
  const libc = dlopen("libc.so.6", { getsockopt: { args: ["i32", "i32", "i32", "ptr", "ptr"], returns: "i32" } })
  const SOL_SOCKET = 1
  const SO_RCVBUF = 8
  const rcvbuf = (fd: number) => {
    const value = new Int32Array(1)
    const length = new Uint32Array([4])
    expect(libc.symbols.getsockopt(fd, SOL_SOCKET, SO_RCVBUF, ptr(value), ptr(length))).toBe(0)
    return value[0]
  }

  test("SO_RCVBUF is raised (the kernel reports twice what it keeps for data)", async () => {
    const socket = await Bun.udpSocket({ hostname: "127.0.0.1", port: 0 })
    open.push(socket)
    const fd = (socket as unknown as { fd: number }).fd
    const before = rcvbuf(fd)
    await setSocketBufferSizes(fd, { receive: 1 << 20 })
    const after = rcvbuf(fd)
    expect(after).toBeGreaterThan(before)
    // capped at net.core.rmem_max (4 MiB on our machines)
    const max = Number((await Bun.file("/proc/sys/net/core/rmem_max").text()).trim())
    expect(after).toBe(2 * Math.min(1 << 20, max))
  })
})

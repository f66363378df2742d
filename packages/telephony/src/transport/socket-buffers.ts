/**
 * SO_RCVBUF / SO_SNDBUF of a socket by its file descriptor, through libc with
 * `bun:ffi`: Bun's UDP socket has no option for them, and a SIP server on UDP
 * needs a receive buffer that rides out a pause of the event loop (a garbage
 * collection) under load without the kernel dropping datagrams. Linux only;
 * best effort (a failure is reported, never thrown). The kernel caps the sizes
 * at net.core.rmem_max / wmem_max (and reports twice what was asked).
 */
import type { TransportLogger } from "./types"

const SOL_SOCKET = 1
const SO_SNDBUF = 7
const SO_RCVBUF = 8

/** The part of bun:ffi used here (the package builds without Bun's types). */
interface BunFfi {
  dlopen(
    path: string,
    symbols: { setsockopt: { args: string[]; returns: string } },
  ): { symbols: { setsockopt(fd: number, level: number, name: number, value: unknown, length: number): number }; close(): void }
  ptr(view: Int32Array): unknown
}

export const setSocketBufferSizes = async (
  fd: number,
  sizes: { receive?: number; send?: number },
  logger?: TransportLogger,
): Promise<void> => {
  const wanted: [number, number][] = []
  if (sizes.receive) wanted.push([SO_RCVBUF, sizes.receive])
  if (sizes.send) wanted.push([SO_SNDBUF, sizes.send])
  if (wanted.length === 0) return
  if (process.platform !== "linux") {
    logger?.debug?.("UDP socket buffers are sized on Linux only")
    return
  }
  try {
    // a variable, not a literal: bundlers and Node must not try to resolve Bun's module
    const name = "bun:ffi"
    const ffi = (await import(name)) as BunFfi
    const libc = ffi.dlopen("libc.so.6", { setsockopt: { args: ["i32", "i32", "i32", "ptr", "u32"], returns: "i32" } })
    try {
      for (const [option, size] of wanted) {
        const value = new Int32Array([Math.min(size, 0x7fffffff)])
        if (libc.symbols.setsockopt(fd, SOL_SOCKET, option, ffi.ptr(value), 4) !== 0)
          logger?.warn?.(`could not set ${option === SO_RCVBUF ? "SO_RCVBUF" : "SO_SNDBUF"} to ${size}`)
      }
    } finally {
      libc.close()
    }
  } catch (error) {
    logger?.warn?.("could not size the UDP socket buffers", error)
  }
}

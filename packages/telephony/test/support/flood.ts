/**
 * A garbage flood, run as its own process so it competes with the server for
 * the network, not for the test's event loop. Usage: bun flood.ts udp|tcp <port> <ms>
 * Prints the number of datagrams / bytes sent.
 */
import dgram from "node:dgram"
import net from "node:net"

const [mode, portArg, msArg] = process.argv.slice(2)
const port = Number(portArg)
const until = Date.now() + Number(msArg)
const enc = new TextEncoder()

const random = (n: number) => {
  const b = new Uint8Array(n)
  crypto.getRandomValues(b)
  return b
}
// kinds of garbage: random bytes, a request that breaks a rule (gets an answer), truncated headers, a huge header line
const samples: Uint8Array[] = [
  random(200),
  random(1400),
  enc.encode("OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKflood\r\nMax-Forwards: many\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: flood\r\nCSeq: 1 OPTIONS\r\n\r\n"),
  enc.encode("INVITE sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;bra"),
  enc.encode(`REGISTER sip:x SIP/2.0\r\nSubject: ${"z".repeat(9000)}\r\n\r\n`),
  enc.encode("SIP/2.0 200 OK\r\nVia: nonsense\r\n\r\n"),
]

let sent = 0
if (mode === "udp") {
  const socket = dgram.createSocket("udp4")
  await new Promise<void>((r) => socket.bind(0, "127.0.0.1", () => r()))
  while (Date.now() < until) {
    await new Promise<void>((resolve) => {
      let left = 100
      for (let i = 0; i < 100; i++) {
        socket.send(samples[(sent + i) % samples.length], port, "127.0.0.1", () => {
          if (--left === 0) resolve()
        })
      }
    })
    sent += 100
  }
  socket.close()
} else {
  const junk = random(16384)
  const one = () =>
    new Promise<void>((resolve) => {
      const s = net.connect({ host: "127.0.0.1", port }, () => {
        const pump = () => {
          while (Date.now() < until && s.write(junk)) sent += junk.length
          if (Date.now() >= until) s.destroy()
        }
        s.on("drain", pump)
        pump()
      })
      s.on("error", () => {})
      s.on("close", () => resolve())
    })
  // four connections at a time, reconnecting whenever the server cuts one off
  await Promise.all(
    [0, 1, 2, 3].map(async () => {
      while (Date.now() < until) await one()
    }),
  )
}
console.log(sent)

import { describe, expect, test } from "bun:test"
import { NonceCounts, Nonces, computeDigestResponse, computeHa1, parseDigestAlgorithm } from "../../src/server"

describe("digest computation", () => {
  // RFC 7616 §3.9.1: the same credentials with MD5 and SHA-256 (formulas identical to SIP's, RFC 8760)
  const vector = {
    username: "Mufasa", realm: "http-auth@example.org", password: "Circle of Life", method: "GET", uri: "/dir/index.html",
    nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc: "00000001", cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
  }
  test("RFC 7616 example, MD5", () => {
    const ha1 = computeHa1("MD5", vector.username, vector.realm, vector.password)
    expect(computeDigestResponse({ ...vector, algorithm: "MD5", ha1, qop: "auth" })).toBe("8ca523f5e9506fed4657c9700eebdbec")
  })
  test("RFC 7616 example, SHA-256", () => {
    const ha1 = computeHa1("SHA-256", vector.username, vector.realm, vector.password)
    expect(computeDigestResponse({ ...vector, algorithm: "SHA-256", ha1, qop: "auth" })).toBe(
      "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
    )
  })
  test("algorithm names: absent means MD5; -sess variants are not offered", () => {
    expect(parseDigestAlgorithm(undefined)).toBe("MD5")
    expect(parseDigestAlgorithm("sha-256")).toBe("SHA-256")
    expect(parseDigestAlgorithm("MD5-sess")).toBeUndefined()
    expect(parseDigestAlgorithm("SHA-512-256")).toBeUndefined()
  })
})

describe("stateless nonces", () => {
  test("valid while young, stale when old, invalid when forged or for another realm", () => {
    let now = 1_000_000
    const nonces = new Nonces({ secret: "0123456789abcdef0123", ttlMs: 30_000, now: () => now })
    const n = nonces.issue("a.test")
    expect(nonces.check(n, "a.test").status).toBe("valid")
    expect(nonces.check(n, "b.test").status).toBe("invalid")
    for (const at of [0, 10, 20, 39]) {
      const forged = n.slice(0, at) + (n[at] === "A" ? "B" : "A") + n.slice(at + 1)
      expect(nonces.check(forged, "a.test").status).toBe("invalid")
    }
    expect(nonces.check("short", "a.test").status).toBe("invalid")
    now += 30_001
    expect(nonces.check(n, "a.test").status).toBe("stale")
    // another instance with the same secret accepts it, one with another secret does not
    expect(new Nonces({ secret: "0123456789abcdef0123", ttlMs: 60_000, now: () => now }).check(n, "a.test").status).toBe("valid")
    expect(new Nonces({ secret: "another secret, long enough", now: () => now }).check(n, "a.test").status).toBe("invalid")
  })

  test("each nonce count is accepted once; late ones within a 32-wide window too", () => {
    const counts = new NonceCounts(60_000)
    expect(counts.use("n", 1, 0)).toBe(true)
    expect(counts.use("n", 1, 0)).toBe(false)
    expect(counts.use("n", 4, 0)).toBe(true)
    expect(counts.use("n", 3, 0)).toBe(true) // arrived late, never seen
    expect(counts.use("n", 3, 0)).toBe(false)
    expect(counts.use("n", 2, 0)).toBe(true)
    expect(counts.use("n", 40, 0)).toBe(true)
    expect(counts.use("n", 5, 0)).toBe(false) // below the window: refused
    expect(counts.use("n", 0, 0)).toBe(false)
    expect(counts.use("other", 1, 0)).toBe(true)
  })

  test("a nonce whose history was evicted is refused rather than replayable", () => {
    const counts = new NonceCounts(60_000, 10)
    for (let i = 0; i < 10; i++) expect(counts.use(`n${i}`, 1, i)).toBe(true)
    expect(counts.use("n10", 1, 10)).toBe(true) // evicts the oldest
    expect(counts.use("n0", 2, 0)).toBe(false)
  })
})

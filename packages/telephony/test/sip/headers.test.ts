import { describe, expect, test } from "bun:test"
import {
  BRANCH_MAGIC_COOKIE, SipHeaders, SipParams, type SipUri, authParam, authParams, formatAuthValue, formatCSeq,
  formatNameAddr, formatSipDate, formatUri, formatVia, generateBranch, generateCallId, generateTag, isCallId, isIPv6,
  parseAuthValue, parseCSeq, parseContact, parseDeltaSeconds, parseNameAddr, parseSipDate, parseUri, parseVia, quote,
  randomToken, splitList, tagOf, unescapeUri, unquote,
} from "../../src"

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason)
  return r.value
}

describe("URIs", () => {
  test("sip URI parts", () => {
    const u = value(parseUri("sips:alice:secret@atlanta.example.com:5061;transport=tcp;lr;maddr=239.255.255.1?subject=project%20x&priority=urgent")) as SipUri
    expect([u.scheme, u.user, u.password, u.host, u.port]).toEqual(["sips", "alice", "secret", "atlanta.example.com", 5061])
    expect(u.params.entries()).toEqual([["transport", "tcp"], ["lr", null], ["maddr", "239.255.255.1"]])
    expect(u.headers.entries()).toEqual([["subject", "project%20x"], ["priority", "urgent"]])
    expect(formatUri(u)).toBe("sips:alice:secret@atlanta.example.com:5061;transport=tcp;lr;maddr=239.255.255.1?subject=project%20x&priority=urgent")
  })

  test("telephone-subscriber users, empty passwords, hosts only", () => {
    expect(value(parseUri("sip:+1-212-555-1212:1234@gateway.example.com;user=phone"))).toMatchObject({ user: "+1-212-555-1212", password: "1234" })
    expect(value(parseUri("sip:alice:@example.com"))).toMatchObject({ user: "alice", password: "" })
    expect(value(parseUri("sip:example.com"))).toMatchObject({ host: "example.com" })
    expect((value(parseUri("sip:example.com")) as SipUri).user).toBeUndefined()
    expect(value(parseUri("sip:192.0.2.4:5060"))).toMatchObject({ host: "192.0.2.4", port: 5060 })
  })

  test("tel and other schemes", () => {
    expect(value(parseUri("tel:+1-201-555-0123;ext=1234"))).toMatchObject({ kind: "tel", number: "+1-201-555-0123" })
    expect(value(parseUri("tel:7042;phone-context=example.com"))).toMatchObject({ number: "7042" })
    expect(value(parseUri("urn:service:sos"))).toEqual({ kind: "other", scheme: "urn", opaque: "service:sos" })
    expect(formatUri(value(parseUri("mailto:watson@bell-telephone.com")))).toBe("mailto:watson@bell-telephone.com")
  })

  test("invalid URIs", () => {
    for (const bad of [
      "", "sip:", "sip:@example.com", "sip:a@", "sip:a@b:", "sip:a@b:65536", "sip:a@-b.com", "sip:a@b..com", "sip:a@256.1.1.1",
      "sip:a@b;", "sip:a@b;x=", "sip:a@b?", "sip:a@b?x", "sip:a%zz@b", "sip:a b@c", "sip:a@[::1", "tel:", "tel:+", "tel:12+3",
      "1sip:a@b", "x:", "http://a b", "<sip:a@b>",
    ])
      expect(parseUri(bad).ok).toBe(false)
  })

  test("IPv6 address syntax", () => {
    for (const good of ["::", "::1", "2001:db8::1", "1:2:3:4:5:6:7:8", "::ffff:192.0.2.1", "fe80::", "1::8", "2001:DB8:0:0:8:800:200C:417A"])
      expect(isIPv6(good)).toBe(true)
    for (const bad of ["", ":", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::g", "1:2:3:4:5:6:7", "::1.2.3", "1:"])
      expect(isIPv6(bad)).toBe(false)
  })

  test("unescapeUri decodes %HH as UTF-8 and leaves stray % alone", () => {
    expect(unescapeUri("%75se%72")).toBe("user")
    expect(unescapeUri("%D0%B4%D0%B0")).toBe("да")
    expect(unescapeUri("100%")).toBe("100%")
    expect(unescapeUri("a%2")).toBe("a%2")
    expect(unescapeUri("да%20да")).toBe("да да")
  })
})

describe("name-addr", () => {
  test("forms, display names and parameters", () => {
    const a = value(parseNameAddr('"Mr. Watson" <sip:watson@worcester.bell-telephone.com>;q=0.7; expires=3600'))
    expect(a.displayName).toBe("Mr. Watson")
    expect(a.params.entries()).toEqual([["q", "0.7"], ["expires", "3600"]])
    expect(value(parseNameAddr("Anonymous <sip:c8oqz84zk7z@privacy.org>;tag=hyh8")).displayName).toBe("Anonymous")
    expect(value(parseNameAddr("<sip:a@b>")).displayName).toBeUndefined()
    expect(value(parseNameAddr("sip:a@b;tag=x")).params.get("tag")).toBe("x")
    expect(value(parseNameAddr('<sip:a@b>;+sip.instance="<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>"')).params.get("+sip.instance")).toBe(
      '"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>"',
    )
  })

  test("invalid forms", () => {
    for (const bad of [
      "", '"unterminated <sip:a@b>', "<sip:a@b", "< sip:a@b>", "<sip:a@b >", "Bell, Alexander <sip:a@b>", "<sip:a@b> x", "<sip:a@b>;",
      "<sip:a@b>;=1", '<sip:a@b>;p="x', "sip:a@b?x=y", "<sip:a@b>;p=[::1",
    ])
      expect(parseNameAddr(bad).ok).toBe(false)
    expect(parseNameAddr("sip:proxy.example.com", { requireBrackets: true }).ok).toBe(false)
  })

  test("format quotes and escapes the display name and always uses <>", () => {
    const na = { displayName: 'He said "hi" \\ bye', uri: value(parseUri("sip:a@b;lr")), params: new SipParams([["tag", "x"]]) }
    const s = formatNameAddr(na)
    expect(s).toBe('"He said \\"hi\\" \\\\ bye" <sip:a@b;lr>;tag=x')
    expect(value(parseNameAddr(s)).displayName).toBe(na.displayName)
  })

  test("Contact * and tags", () => {
    expect(value(parseContact(" * "))).toBe("*")
    expect(tagOf('"A" <sip:a@b>;tag=abc;x=1')).toBe("abc")
    expect(tagOf("<sip:a@b;tag=uri-param>")).toBeUndefined()
    expect(tagOf(undefined)).toBeUndefined()
  })

  test("quote / unquote", () => {
    expect(unquote('"a\\"b\\\\c"')).toBe('a"b\\c')
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"')
    expect(unquote(quote("line\r\nbreak"))).toBe("line  break")
  })
})

describe("Via", () => {
  test("protocol, sent-by and the well-known parameters", () => {
    const v = value(parseVia("SIP/2.0/udp 192.0.2.1:5060;branch=z9hG4bK77ef4c2312983.1;received=192.0.2.207;rport=5061;ttl=16;maddr=224.2.0.1;x"))
    expect(v).toMatchObject({
      protocolName: "SIP", protocolVersion: "2.0", transport: "UDP", host: "192.0.2.1", port: 5060,
      branch: "z9hG4bK77ef4c2312983.1", received: "192.0.2.207", rport: 5061, ttl: 16, maddr: "224.2.0.1",
    })
    expect(value(parseVia("SIP/2.0/WSS df7jal23ls0d.invalid;rport;branch=z9hG4bKnashds7")).rport).toBe(true)
    expect(value(parseVia("SIP / 2.0 / TCP host : 5060 ; branch = z9hG4bK1")).port).toBe(5060)
  })

  test("format from params (the source of truth)", () => {
    const v = value(parseVia("SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK1;rport"))
    v.params.set("rport", "5062").set("received", "2001:db8::2")
    expect(formatVia(v)).toBe("SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK1;rport=5062;received=2001:db8::2")
    expect(formatVia({ transport: "TCP", host: "h.example.com", params: new SipParams([["branch", "z9hG4bKx"]]) })).toBe(
      "SIP/2.0/TCP h.example.com;branch=z9hG4bKx",
    )
  })

  test("invalid Via values", () => {
    for (const bad of [
      "", "SIP/2.0", "SIP/2.0/UDP", "SIP/2.0/UDPhost", "SIP/2.0/UDP host;branch", "SIP/2.0/UDP host;ttl=256", "SIP/2.0/UDP host:0x1",
      "SIP/2.0/UDP host;rport=x", "SIP/2.0/UDP host;received=h.example.com", "SIP/2.0/UDP [::1", "SIP/2.0/UDP host extra",
      "SIP/2.0/UDP 2001:db8::1",
    ])
      expect(parseVia(bad).ok).toBe(false)
  })
})

describe("CSeq, Call-ID, numbers, dates", () => {
  test("CSeq", () => {
    expect(value(parseCSeq("4711 INVITE"))).toEqual({ seq: 4711, method: "INVITE" })
    expect(value(parseCSeq("  0009 \t INVITE "))).toEqual({ seq: 9, method: "INVITE" })
    expect(formatCSeq({ seq: 1, method: "BYE" })).toBe("1 BYE")
    for (const bad of ["", "INVITE", "1", "1INVITE", "-1 INVITE", "1 IN VITE", "4294967296 INVITE", "1 INV<ITE"]) expect(parseCSeq(bad).ok).toBe(false)
  })

  test("Call-ID", () => {
    expect(isCallId("f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com")).toBe(true)
    expect(isCallId("abc")).toBe(true)
    for (const bad of ["", "@host", "a@", "a@b@c", "a b", "a;b"]) expect(isCallId(bad)).toBe(false)
  })

  test("delta-seconds", () => {
    expect(value(parseDeltaSeconds("3600"))).toBe(3600)
    expect(parseDeltaSeconds("4294967296").ok).toBe(false)
  })

  test("SIP-date round trip", () => {
    const d = value(parseSipDate("Sat, 13 Nov 2010 23:29:00 GMT"))
    expect(d.toISOString()).toBe("2010-11-13T23:29:00.000Z")
    expect(formatSipDate(d)).toBe("Sat, 13 Nov 2010 23:29:00 GMT")
    for (const bad of ["Sat, 13 Nov 2010 23:29:00 UTC", "Sat, 31 Feb 2010 23:29:00 GMT", "13 Nov 2010", "Xyz, 13 Nov 2010 23:29:00 GMT"])
      expect(parseSipDate(bad).ok).toBe(false)
  })

  test("splitList", () => {
    expect(splitList('a, "b,c" , <d,e>;x="f,g", h')).toEqual(["a", '"b,c"', '<d,e>;x="f,g"', "h"])
    expect(splitList("a,,b")).toEqual(["a", "", "b"])
    expect(splitList('"unterminated, still one')).toEqual(['"unterminated, still one'])
  })
})

describe("authentication headers", () => {
  test("a Digest challenge with a quoted qop list", () => {
    const ch = value(parseAuthValue('Digest realm="atlanta.example.com", qop="auth,auth-int", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", opaque="", stale=FALSE, algorithm=MD5'))
    expect(ch.scheme).toBe("Digest")
    expect(authParam(ch, "REALM")).toBe("atlanta.example.com")
    expect(authParam(ch, "qop")).toBe("auth,auth-int")
    expect(authParam(ch, "opaque")).toBe("")
    expect(authParam(ch, "stale")).toBe("FALSE")
    expect(formatAuthValue(ch)).toBe('Digest realm="atlanta.example.com", qop="auth,auth-int", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", opaque="", stale=FALSE, algorithm=MD5')
  })

  test("credentials with escapes and odd spacing", () => {
    const cr = value(parseAuthValue('Digest username = "bob\\"s" ,realm="biloxi.com",nonce="n", uri="sip:bob@biloxi.com", response="r",  qop=auth, nc=00000001, cnonce="c"'))
    expect(authParam(cr, "username")).toBe('bob"s')
    expect(authParam(cr, "nc")).toBe("00000001")
    expect(value(parseAuthValue(formatAuthValue(cr)))).toEqual(cr)
  })

  test("token68, scheme only, and errors", () => {
    expect(value(parseAuthValue("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="))).toEqual({ scheme: "Basic", params: [], token68: "QWxhZGRpbjpvcGVuIHNlc2FtZQ==" })
    expect(value(parseAuthValue("Negotiate"))).toEqual({ scheme: "Negotiate", params: [] })
    for (const bad of ["", 'Digest realm="x', "Digest realm=,", "Digest =x", 'Digest realm="a" nonce="b"', "Digest a=b c"])
      expect(parseAuthValue(bad).ok).toBe(false)
  })

  test("authParams quotes per the Digest conventions", () => {
    const params = authParams({ username: "bob", realm: "biloxi.com", uri: "sip:biloxi.com", algorithm: "MD5", qop: "auth", nc: "00000001" })
    expect(formatAuthValue({ scheme: "Digest", params })).toBe(
      'Digest username="bob", realm="biloxi.com", uri="sip:biloxi.com", algorithm=MD5, qop=auth, nc=00000001',
    )
  })
})

describe("identifiers", () => {
  test("branches carry the magic cookie and are unique", () => {
    const seen = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const b = generateBranch()
      expect(b.startsWith(BRANCH_MAGIC_COOKIE)).toBe(true)
      expect(b.length).toBe(29)
      seen.add(b)
    }
    expect(seen.size).toBe(2000)
  })

  test("tags, Call-IDs and tokens are valid and random", () => {
    expect(generateTag()).toMatch(/^[0-9a-zA-Z]{10}$/)
    expect(generateCallId("pc33.example.com")).toMatch(/^[0-9a-zA-Z]{24}@pc33\.example\.com$/)
    expect(isCallId(generateCallId())).toBe(true)
    expect(generateTag()).not.toBe(generateTag())
    // every character of the alphabet shows up: no bias towards a subset
    expect(new Set(randomToken(20000)).size).toBe(62)
  })
})

describe("SipHeaders", () => {
  test("case-insensitive, compact-aware, ordered multi-values", () => {
    const h = new SipHeaders([["via", "a"], ["To", "t"], ["V", "b"]])
    expect(h.getAll("VIA")).toEqual(["a", "b"])
    expect(h.entries()).toEqual([["Via", "a"], ["To", "t"], ["Via", "b"]])
    h.prepend("Via", "new")
    expect(h.getAll("v")).toEqual(["new", "a", "b"])
    h.set("via", "only")
    expect(h.entries()).toEqual([["Via", "only"], ["To", "t"]])
    expect(h.delete("t")).toBe(true)
    expect(h.has("To")).toBe(false)
    h.append("x-custom-Header", "1")
    expect(h.entries()).toEqual([["Via", "only"], ["x-custom-Header", "1"]])
    expect(h.get("X-CUSTOM-HEADER")).toBe("1")
    const copy = h.clone()
    copy.set("Via", "changed")
    expect(h.get("Via")).toBe("only")
  })

  test("SipParams", () => {
    const p = new SipParams([["Transport", "tcp"], ["lr", null]])
    expect(p.get("transport")).toBe("tcp")
    expect(p.get("LR")).toBeNull()
    expect(p.get("nope")).toBeUndefined()
    p.set("TRANSPORT", "udp")
    expect(p.toString()).toBe(";Transport=udp;lr")
    p.delete("lr")
    expect(p.size).toBe(1)
  })
})

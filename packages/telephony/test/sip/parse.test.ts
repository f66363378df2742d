import { describe, expect, test } from "bun:test"
import { type SipUri, parseMessage, parseNameAddr, parseVia, responseForParseError, serializeToString } from "../../src"
import { INVITE, REGISTER, concat, parseErr, parseOk, parseRequest, parseResponse, sip, text } from "./support"

const enc = new TextEncoder()

/** A minimal valid OPTIONS with the given extra lines before Content-Length. */
const options = (extra: string[] = [], body = "", contentLength: string | null = String(enc.encode(body).length)) =>
  sip(
    [
      "OPTIONS sip:carol@chicago.example.com SIP/2.0",
      "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKhjhs8ass877",
      "Max-Forwards: 70",
      "To: <sip:carol@chicago.example.com>",
      "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
      "Call-ID: a84b4c76e66710",
      "CSeq: 63104 OPTIONS",
      ...extra,
      ...(contentLength === null ? [] : [`Content-Length: ${contentLength}`]),
    ],
    body,
  )

const without = (msg: Uint8Array, header: string) =>
  enc.encode(
    text(msg)
      .split("\r\n")
      .filter((l) => !l.toLowerCase().startsWith(header.toLowerCase() + ":"))
      .join("\r\n"),
  )

describe("start line", () => {
  test("a typical INVITE and REGISTER parse", () => {
    const invite = parseRequest(INVITE)
    expect(invite.method).toBe("INVITE")
    expect((invite.uri as SipUri).host).toBe("biloxi.example.com")
    expect(invite.headers.getAll("Allow").length).toBe(7)
    expect(invite.body.length).toBe(150)
    const register = parseRequest(REGISTER)
    expect(register.method).toBe("REGISTER")
    // Authorization is never split on its commas
    expect(register.headers.getAll("Authorization").length).toBe(1)
  })

  test("the SIP version is case-insensitive; other versions are 505, malformed ones 400", () => {
    expect(parseRequest(text(options()).replace("SIP/2.0\r\n", "sip/2.0\r\n")).method).toBe("OPTIONS")
    expect(parseErr(text(options()).replace("SIP/2.0\r\n", "SIP/3.0\r\n")).code).toBe(505)
    expect(parseErr(text(options()).replace("SIP/2.0\r\n", "SIP/2\r\n")).code).toBe(400)
    expect(parseErr(text(options()).replace("SIP/2.0\r\n", "HTTP/1.1\r\n")).code).toBe(400)
    expect(parseErr(text(options()).replace(" SIP/2.0\r\n", "\r\n")).code).toBe(400)
  })

  test("methods are case-sensitive tokens", () => {
    const r = parseErr(text(options()).replace("OPTIONS sip", "options sip"))
    // "options" is an unknown method whose CSeq says OPTIONS: 501
    expect(r.code).toBe(501)
    expect(parseErr(text(options()).replace("OPTIONS sip", "OPT<IONS sip")).isRequest).toBe(false)
  })

  test("status lines: code range, reason phrase optional", () => {
    const response = (line: string) =>
      sip([
        line,
        "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKhjhs8ass877",
        "To: <sip:carol@chicago.example.com>;tag=93810874",
        "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
        "Call-ID: a84b4c76e66710",
        "CSeq: 63104 OPTIONS",
        "Content-Length: 0",
      ])
    expect(parseResponse(response("SIP/2.0 200 OK")).reason).toBe("OK")
    expect(parseResponse(response("SIP/2.0 486 Busy Here")).reason).toBe("Busy Here")
    expect(parseResponse(response("SIP/2.0 180")).reason).toBe("")
    expect(parseResponse(response("SIP/2.0 699 x\ty")).reason).toBe("x\ty")
    for (const bad of ["SIP/2.0 99 Low", "SIP/2.0 700 High", "SIP/2.0 20x OK", "SIP/2.0 2000 OK", "SIP/2.0 20", "SIP/2.0  200 OK", "SIP/2.0"])
      expect(parseErr(response(bad)).isRequest).toBe(false)
    expect(parseErr(response("SIP/2.0 200 O\x01K")).code).toBe(400)
  })

  test("Request-URIs: sip, sips, tel, IPv6; no whitespace, no <>", () => {
    const uriOf = (u: string) => parseRequest(text(options()).replace("sip:carol@chicago.example.com SIP", `${u} SIP`)).uri
    expect(uriOf("sips:carol@chicago.example.com:5061;transport=tcp")).toMatchObject({ scheme: "sips", port: 5061 })
    expect(uriOf("tel:+1-201-555-0123;phone-context=example.com")).toMatchObject({ kind: "tel", number: "+1-201-555-0123" })
    expect(uriOf("sip:[2001:db8::1]:5060")).toMatchObject({ host: "2001:db8::1", port: 5060 })
    expect(uriOf("SIP:Carol@Chicago.Example.COM")).toMatchObject({ scheme: "sip", user: "Carol", host: "Chicago.Example.COM" })
    for (const bad of ["sip:carol@[2001:db8::1", "sip:2001:db8::1", "sip:carol@", "sip:@host", "sip:host:99999", "sip:host;=x", "sip:a b@host"])
      expect(parseErr(text(options()).replace("sip:carol@chicago.example.com SIP", `${bad} SIP`)).code).toBe(400)
  })

  test("CRLFs before the start line are skipped; bare LF line ends are tolerated", () => {
    expect(parseRequest(concat(enc.encode("\r\n\r\n"), options())).method).toBe("OPTIONS")
    const lf = text(options([], "hello")).replaceAll("\r\n", "\n")
    const req = parseRequest(lf)
    expect(text(req.body)).toBe("hello")
    expect(req.headers.get("Call-ID")).toBe("a84b4c76e66710")
  })
})

describe("header fields", () => {
  test("compact forms are the same fields as their full names", () => {
    const full = parseRequest(
      sip([
        "INVITE sip:bob@biloxi.example.com SIP/2.0",
        "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8",
        "Max-Forwards: 70",
        "To: Bob <sip:bob@biloxi.example.com>",
        "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
        "Call-ID: a84b4c76e66710",
        "CSeq: 314159 INVITE",
        "Contact: <sip:alice@pc33.atlanta.example.com>",
        "Subject: lunch",
        "Supported: 100rel",
        "Content-Encoding: gzip",
        "Event: presence",
        "Allow-Events: dialog",
        "Refer-To: <sip:carol@chicago.example.com>",
        "Referred-By: <sip:alice@atlanta.example.com>",
        "Session-Expires: 1800",
        "Identity: abc",
        "Content-Type: text/plain",
        "Content-Length: 0",
      ]),
    )
    const compact = parseRequest(
      sip([
        "INVITE sip:bob@biloxi.example.com SIP/2.0",
        "v: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8",
        "Max-Forwards: 70",
        "t: Bob <sip:bob@biloxi.example.com>",
        "F: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
        "i: a84b4c76e66710",
        "CSeq: 314159 INVITE",
        "m: <sip:alice@pc33.atlanta.example.com>",
        "s: lunch",
        "k: 100rel",
        "e: gzip",
        "o: presence",
        "u: dialog",
        "r: <sip:carol@chicago.example.com>",
        "b: <sip:alice@atlanta.example.com>",
        "x: 1800",
        "y: abc",
        "c: text/plain",
        "l: 0",
      ]),
    )
    expect(compact.headers.entries()).toEqual(full.headers.entries())
    expect(serializeToString(compact)).toBe(serializeToString(full))
    // look-ups accept either spelling, in any case
    expect(compact.headers.get("CALL-ID")).toBe("a84b4c76e66710")
    expect(full.headers.get("I")).toBe("a84b4c76e66710")
  })

  test("folding: continuation lines (SP or HTAB) join with one SP", () => {
    const req = parseRequest(
      options(["Subject: I know you're there,", "\tpick up the phone", "   and talk to me!", 'X-Quoted: "a', ' b"']),
    )
    expect(req.headers.get("Subject")).toBe("I know you're there, pick up the phone and talk to me!")
    expect(req.headers.get("X-Quoted")).toBe('"a b"')
  })

  test("a continuation line right after the start line is refused", () => {
    const bad = text(options()).replace("SIP/2.0\r\n", "SIP/2.0\r\n  folded\r\n")
    expect(parseErr(bad)).toMatchObject({ code: 400, reason: "Header field continuation without a field" })
  })

  test("lists split on top-level commas only", () => {
    const req = parseRequest(
      options([
        'Contact: "Watson, Thomas" <sip:wat,son@example.com;x=a>;q=0.7;note="x, y", <sip:b@example.com>;expires=60 , sip:c@example.com',
        "Via: SIP/2.0/UDP first.example.com;branch=z9hG4bK1,SIP/2.0/TCP second.example.com;branch=z9hG4bK2",
        "Allow: INVITE,ACK , BYE,, OPTIONS",
        'WWW-Authenticate: Digest realm="atlanta.example.com", qop="auth,auth-int", nonce="ea9c8e88df84f1cec4341ae6cbe5a359"',
        'Proxy-Authenticate: Digest realm="a", nonce="b"',
        'Proxy-Authorization: Digest username="a", realm="b"',
        "Date: Sat, 13 Nov 2010 23:29:00 GMT",
        "X-Custom: a, b, c",
        "Warning: 370 devnull \"Choose a bigger pipe, please\", 307 isi.edu \"Session parameter 'foo' not understood\"",
      ]),
    )
    expect(req.headers.getAll("Contact")).toEqual([
      '"Watson, Thomas" <sip:wat,son@example.com;x=a>;q=0.7;note="x, y"',
      "<sip:b@example.com>;expires=60",
      "sip:c@example.com",
    ])
    expect(req.headers.getAll("Via").length).toBe(3)
    expect(req.headers.getAll("Allow")).toEqual(["INVITE", "ACK", "BYE", "OPTIONS"])
    for (const name of ["WWW-Authenticate", "Proxy-Authenticate", "Proxy-Authorization", "Date", "X-Custom"])
      expect(req.headers.getAll(name).length).toBe(1)
    expect(req.headers.getAll("Warning").length).toBe(2)
  })

  test("empty elements in Via / Contact / Route lists are errors", () => {
    expect(parseErr(options(["Contact: <sip:a@example.com>,,<sip:b@example.com>"])).reason).toBe("Empty value in a header field list")
    expect(parseErr(options(["Route: <sip:p1.example.com;lr>,"])).code).toBe(400)
  })

  test("header names: token required, whitespace before the colon allowed", () => {
    expect(parseRequest(options(["X-Spaced \t : value"])).headers.get("x-spaced")).toBe("value")
    expect(parseErr(options(["Bad Name: value"])).reason).toBe("Invalid header field name")
    expect(parseErr(options(["NoColonHere"])).reason).toBe("Header field without a colon")
    expect(parseErr(options([": value"])).reason).toBe("Invalid header field name")
  })

  test("mandatory fields: each one missing is a 400 that can still be answered", () => {
    for (const [name, reason] of [
      ["Via", "Missing Via header"],
      ["To", "Missing To header"],
      ["From", "Missing From header"],
      ["Call-ID", "Missing Call-ID header"],
      ["CSeq", "Missing CSeq header"],
      ["Max-Forwards", "Missing Max-Forwards header"],
    ]) {
      const err = parseErr(without(options(), name))
      expect([err.code, err.reason, err.isRequest]).toEqual([400, reason, true])
      const res = responseForParseError(err)
      if (name === "Via") expect(res).toBeUndefined()
      else expect(res?.headers.getAll("Via").length).toBe(1)
    }
  })

  test("responses need no Max-Forwards, but the other mandatory fields", () => {
    const ok = sip([
      "SIP/2.0 200 OK",
      "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKhjhs8ass877",
      "To: <sip:carol@chicago.example.com>;tag=93810874",
      "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
      "Call-ID: a84b4c76e66710",
      "CSeq: 63104 OPTIONS",
      "Content-Length: 0",
    ])
    expect(parseResponse(ok).status).toBe(200)
    const err = parseErr(without(ok, "Call-ID"))
    expect([err.reason, err.isRequest, err.partial]).toEqual(["Missing Call-ID header", false, undefined])
  })

  test("invalid values of the fields the layer relies on", () => {
    const cases: [string, string][] = [
      ["Via: SIP/2.0/UDP", "Invalid Via header"],
      ["Via: SIP/2.0/UDP host;ttl=300", "Invalid Via header"],
      ["Via: SIP/2.0/UDP host;received=host.example.com", "Invalid Via header"],
      ["Via: SIP/2.0/UDP host;rport=70000", "Invalid Via header"],
      ["Route: sip:proxy.example.com;lr", "Invalid Route header"],
      ["Record-Route: <sip:proxy.example.com;lr", "Invalid Record-Route header"],
      ["Contact: *, <sip:a@example.com>", "Contact * must stand alone"],
      ["Contact: <sip:a@example.com> junk", "Invalid Contact header"],
    ]
    for (const [line, reason] of cases) expect(parseErr(options([line])).reason).toBe(reason)
    expect(parseErr(text(options()).replace("Call-ID: a84b4c76e66710", "Call-ID: a@b@c")).reason).toBe("Invalid Call-ID header")
    expect(parseErr(text(options()).replace("Max-Forwards: 70", "Max-Forwards: 256")).reason).toBe("Invalid Max-Forwards header")
    expect(parseErr(text(options()).replace("CSeq: 63104 OPTIONS", "CSeq: 4294967296 OPTIONS")).reason).toBe("Invalid CSeq header")
    expect(parseRequest(text(options()).replace("CSeq: 63104 OPTIONS", "CSeq: 4294967295 OPTIONS")).method).toBe("OPTIONS")
    expect(parseRequest(options(["Contact: *"])).headers.get("Contact")).toBe("*")
  })

  test("IPv6 in Via, URIs and received (RFC 5118)", () => {
    const req = parseRequest(
      sip([
        "REGISTER sip:[2001:db8::10] SIP/2.0",
        "Via: SIP/2.0/UDP [2001:db8::9:1]:5070;branch=z9hG4bKas3-111;received=2001:db8::9:255;rport=5070",
        "Via: SIP/2.0/UDP [2001:db8::9:2];branch=z9hG4bKas3-112;received=[2001:db8::9:256];maddr=[ff02::1]",
        "Max-Forwards: 70",
        "From: <sip:user@[2001:db8::10]>;tag=81x2",
        "To: <sip:user@[2001:db8::10]>",
        "Call-ID: SSG9559905523997077@hlau_4100",
        "CSeq: 98176 REGISTER",
        "Contact: <sip:user@[::ffff:192.0.2.1]:5060;transport=udp>",
        "Content-Length: 0",
      ]),
    )
    expect(req.uri).toMatchObject({ host: "2001:db8::10" })
    const vias = req.headers.getAll("Via").map((v) => parseVia(v))
    expect(vias[0].ok && [vias[0].value.host, vias[0].value.port, vias[0].value.received, vias[0].value.rport]).toEqual([
      "2001:db8::9:1", 5070, "2001:db8::9:255", 5070,
    ])
    expect(vias[1].ok && [vias[1].value.received, vias[1].value.maddr]).toEqual(["2001:db8::9:256", "[ff02::1]"])
    const contact = parseNameAddr(req.headers.get("Contact")!)
    expect(contact.ok && contact.value.uri).toMatchObject({ host: "::ffff:192.0.2.1", port: 5060 })
    // "[2001:db8::10:5070]" is an address, not a host and port (RFC 5118 §4.4)
    const ambiguous = parseRequest(text(options()).replace("sip:carol@chicago.example.com SIP", "sip:user@[2001:db8::10:5070] SIP"))
    expect(ambiguous.uri).toMatchObject({ host: "2001:db8::10:5070" })
    expect((ambiguous.uri as SipUri).port).toBeUndefined()
    for (const bad of ["[2001:db8:::1]", "[2001:db8::1::2]", "[1:2:3:4:5:6:7:8:9]", "[2001:db8::g]", "[::ffff:192.0.2.256]"])
      expect(parseErr(text(options()).replace("sip:carol@chicago.example.com SIP", `sip:user@${bad} SIP`)).code).toBe(400)
  })
})

describe("Content-Length and the body", () => {
  test("the body is cut by Content-Length; extra datagram bytes are dropped", () => {
    const req = parseRequest(concat(options([], "hello"), enc.encode("trailing garbage")))
    expect(text(req.body)).toBe("hello")
  })

  test("without Content-Length the body is the rest of the datagram", () => {
    expect(text(parseRequest(options([], "rest of it\r\n", null)).body)).toBe("rest of it\r\n")
    expect(parseRequest(options([], "", null)).body.length).toBe(0)
  })

  test("a body may hold CRLF CRLF, NULs and any byte", () => {
    const body = Uint8Array.from([13, 10, 13, 10, 0, 255, 128, 13, 10, 13, 10])
    const req = parseRequest(concat(options([], "", String(body.length)), body))
    expect(req.body).toEqual(body)
  })

  test("leading zeros and surrounding whitespace are fine", () => {
    expect(text(parseRequest(options([], "abcd", "0004")).body)).toBe("abcd")
    expect(text(parseRequest(options([], "abcd", "  4  ")).body)).toBe("abcd")
  })

  test("larger than the bytes available → 400", () => {
    expect(parseErr(options([], "abc", "4")).reason).toBe("Content-Length larger than the message")
  })

  test("negative, non-numeric, fractional, huge → 400", () => {
    for (const value of ["-1", "five", "1.5", "0x10", "+3", "", "1 2", "99999999999999999999999"])
      expect(parseErr(options([], "", value))).toMatchObject({ code: 400, reason: "Invalid Content-Length" })
  })

  test("duplicates: equal values are tolerated, different ones refused", () => {
    expect(text(parseRequest(options(["Content-Length: 2"], "hi", "2")).body)).toBe("hi")
    expect(text(parseRequest(options(["l: 2"], "hi", "02")).body)).toBe("hi")
    expect(parseErr(options(["Content-Length: 3"], "hi", "2")).reason).toBe("Conflicting Content-Length values")
  })
})

describe("limits", () => {
  test("maxMessageSize → 513, still answerable", () => {
    const big = options([], "x".repeat(2000))
    expect(parseRequest(big, { maxMessageSize: 4096 }).body.length).toBe(2000)
    const err = parseErr(big, { maxMessageSize: 1024 })
    expect([err.code, err.isRequest]).toEqual([513, true])
    expect(responseForParseError(err)?.status).toBe(513)
    // too large even without Content-Length, and when the headers alone are too large
    expect(parseErr(options([], "x".repeat(2000), null), { maxMessageSize: 1024 }).code).toBe(513)
    expect(parseErr(options([`X-Big: ${"y".repeat(2000)}`]), { maxMessageSize: 1024 }).code).toBe(513)
  })

  test("maxHeaders counts values → 513", () => {
    const many = Array.from({ length: 30 }, (_, i) => `X-H${i}: ${i}`)
    expect(parseRequest(options(many), { maxHeaders: 40 }).headers.size).toBe(37)
    expect(parseErr(options(many), { maxHeaders: 20 }).code).toBe(513)
    expect(parseErr(options([`Allow: ${Array(50).fill("INVITE").join(",")}`]), { maxHeaders: 40 }).code).toBe(513)
  })

  test("maxHeaderLineLength covers folded lines and the start line → 513", () => {
    const folded = ["X-Long: " + "a".repeat(50), ...Array(10).fill(" " + "b".repeat(50))]
    expect(parseRequest(options(folded), { maxHeaderLineLength: 1024 }).headers.get("X-Long")!.length).toBeGreaterThan(500)
    expect(parseErr(options(folded), { maxHeaderLineLength: 200 }).code).toBe(513)
    const longUri = text(options()).replace("carol@", `${"c".repeat(300)}@`)
    expect(parseErr(longUri, { maxHeaderLineLength: 200 })).toMatchObject({ code: 513, isRequest: true })
  })

  test("the defaults are sensible", () => {
    expect(parseRequest(options([`X-Big: ${"y".repeat(8000)}`])).headers.get("X-Big")!.length).toBe(8000)
    expect(parseErr(options([`X-Big: ${"y".repeat(9000)}`])).code).toBe(513)
  })
})

describe("byte-level robustness", () => {
  test("empty input, only CRLFs, binary garbage", () => {
    expect(parseErr(new Uint8Array(0))).toMatchObject({ code: 400, reason: "Empty message", isRequest: false })
    expect(parseErr("\r\n\r\n\r\n").reason).toBe("Empty message")
    expect(parseErr(Uint8Array.from([0, 1, 2, 255, 254, 13, 10, 13, 10])).isRequest).toBe(false)
    expect(parseErr("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03").isRequest).toBe(false) // a TLS ClientHello
    expect(parseErr("GET / HTTP/1.1\r\nHost: x\r\n\r\n").code).toBe(400)
  })

  test("NULs and controls: refused in the start line and outside quoted-pairs", () => {
    expect(parseErr(text(options()).replace("OPTIONS sip:carol", "OPTIONS sip:ca\0rol")).code).toBe(400)
    expect(parseErr(options(["Subject: a\0b"])).reason).toBe("Invalid character in header field")
    expect(parseErr(options(["Subject: a\rb"])).reason).toBe("Invalid character in header field")
    expect(parseErr(options(['Subject: "a\0b"'])).reason).toBe("Invalid character in header field")
    expect(parseRequest(options(['Subject: "a\\\0b"'])).headers.get("Subject")).toBe('"a\\\0b"')
  })

  test("a byte-order mark before the start line is not a method", () => {
    expect(parseErr(concat(Uint8Array.from([0xef, 0xbb, 0xbf]), options())).isRequest).toBe(false)
  })

  test("invalid UTF-8 in header values is replaced, not fatal", () => {
    const msg = options(["Subject: XX"])
    const at = text(msg).indexOf("XX")
    msg[at] = 0xc3
    msg[at + 1] = 0x28
    const req = parseRequest(msg)
    expect(req.headers.get("Subject")).toBe("\uFFFD(")
  })

  test("every truncation of a valid message is an error or a shorter valid message, never a throw", () => {
    for (let i = 0; i < INVITE.length; i++) {
      const r = parseMessage(INVITE.subarray(0, i))
      if (r.ok) throw new Error(`truncated at ${i} parsed`)
      expect(r.error.code).toBeGreaterThanOrEqual(400)
    }
  })

  test("an incomplete request (no empty line) is answerable", () => {
    const cut = INVITE.subarray(0, text(INVITE).indexOf("\r\n\r\n"))
    const err = parseErr(cut)
    expect(err.reason).toBe("Incomplete message: no empty line after the header fields")
    expect(err.partial?.callId).toBe("a84b4c76e66710@pc33.atlanta.example.com")
  })

  test("ACK is never answered", () => {
    const err = parseErr(text(options()).replace(/OPTIONS/g, "ACK").replace("Max-Forwards: 70\r\n", ""))
    expect(err.partial?.method).toBe("ACK")
    expect(responseForParseError(err)).toBeUndefined()
  })

  test("the parse result never throws for strings either", () => {
    expect(parseOk(text(options())).kind).toBe("request")
  })
})

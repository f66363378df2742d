/**
 * RFC 4475 "SIP Torture Test Messages", the parser-relevant ones. Each test names
 * the RFC section it models and states the behaviour the RFC asks of an element
 * at the message layer. Messages are written line by line (every line ends in
 * CRLF on the wire); the RFC's <repeat> markup is expanded with `.repeat()`.
 */
import { describe, expect, test } from "bun:test"
import {
  type SipUri, authParam, parseAuthValue, parseContact, parseCSeq, parseNameAddr,
  parseSipDate, parseVia, responseForParseError, serializeToString, splitList, tagOf, unescapeUri, unquote,
} from "../../src"
import { SipStreamFramer } from "../../src/sip/framer"
import { concat, parseErr, parseRequest, parseResponse, sdp, sip, text } from "./support"

const enc = new TextEncoder()
const sipUri = (u: unknown) => u as SipUri
const nameAddr = (v: string | undefined) => {
  const r = parseNameAddr(v ?? "")
  if (!r.ok) throw new Error(r.reason)
  return r.value
}
const via = (v: string) => {
  const r = parseVia(v)
  if (!r.ok) throw new Error(r.reason)
  return r.value
}

describe("RFC 4475 §3.1.1 valid messages", () => {
  test("§3.1.1.1 wsinv: a short tortuous INVITE (folding, odd whitespace, case, compact forms)", () => {
    const msg = sip(
      [
        "INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0",
        "TO :",
        " sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n",
        'from   : "J Rosenberg \\\\\\""       <sip:jdrosen@example.com>',
        "  ;",
        "  tag = 98asjd8",
        "MaX-fOrWaRdS: 0068",
        "Call-ID: wsinv.ndaksdj@192.0.2.1",
        "Content-Length   : 150",
        "cseq: 0009",
        "  INVITE",
        "Via  : SIP  /   2.0",
        " /UDP",
        "    192.0.2.2;branch=390skdjuw",
        "s :",
        "NewFangledHeader:   newfangled value",
        " continued newfangled value",
        "UnknownHeaderWithUnusualValue: ;;,,;;,;",
        "Content-Type: application/sdp",
        "Route:",
        " <sip:services.example.com;lr;unknownwith=value;unknown-no-value>",
        "v:  SIP  / 2.0  / TCP     spindle.example.com   ;",
        "  branch  =   z9hG4bK9ikj8  ,",
        " SIP  /    2.0   / UDP  192.168.255.111   ; branch=",
        " z9hG4bK30239",
        'm:"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam =',
        "      newvalue ;",
        "  secondparam ; q = 0.33",
      ],
      sdp("192.0.2.3").replace("c=IN IP4 192.0.2.3", "c=IN IP4 192.0.2.4"),
    )
    const req = parseRequest(msg)
    expect(req.method).toBe("INVITE")
    const ruri = sipUri(req.uri)
    expect([ruri.user, ruri.host, ruri.params.has("unknownparam")]).toEqual(["vivekg", "chair-dnrc.example.com", true])
    const to = nameAddr(req.headers.get("To"))
    expect(sipUri(to.uri).host).toBe("chair-dnrc.example.com")
    expect(to.params.get("tag")).toBe("1918181833n")
    const from = nameAddr(req.headers.get("from"))
    expect(from.displayName).toBe('J Rosenberg \\"')
    expect(tagOf(req.headers.get("From"))).toBe("98asjd8")
    expect(req.headers.get("Max-Forwards")).toBe("0068")
    expect(parseCSeq(req.headers.get("CSeq")!).ok && parseCSeq(req.headers.get("CSeq")!)).toEqual({ ok: true, value: { seq: 9, method: "INVITE" } })
    const vias = req.headers.getAll("Via").map(via)
    expect(vias.map((v) => [v.transport, v.host, v.branch])).toEqual([
      ["UDP", "192.0.2.2", "390skdjuw"],
      ["TCP", "spindle.example.com", "z9hG4bK9ikj8"],
      ["UDP", "192.168.255.111", "z9hG4bK30239"],
    ])
    expect(req.headers.has("Subject")).toBe(true)
    expect(req.headers.get("Subject")).toBe("")
    expect(req.headers.get("NewFangledHeader")).toBe("newfangled value continued newfangled value")
    // an unknown header is never split on commas
    expect(req.headers.getAll("UnknownHeaderWithUnusualValue")).toEqual([";;,,;;,;"])
    const route = nameAddr(req.headers.get("Route"))
    expect(sipUri(route.uri).params.entries()).toEqual([["lr", null], ["unknownwith", "value"], ["unknown-no-value", null]])
    const contact = nameAddr(req.headers.get("Contact"))
    expect(contact.displayName).toBe('Quoted string ""')
    expect(contact.params.entries()).toEqual([["newparam", "newvalue"], ["secondparam", null], ["q", "0.33"]])
    expect(req.body.length).toBe(150)
    expect(text(req.body).endsWith("a=rtpmap:31 LPC\r\n")).toBe(true)
  })

  test("§3.1.1.2 intmeth: wide range of valid characters", () => {
    const method = "!interesting-Method0123456789_*+`.%indeed'~"
    const user = "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*"
    const password = "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)"
    const msg = sip([
      `${method} sip:${user}:${password}@example.com SIP/2.0`,
      "Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~",
      `To: "BEL:\\\x07 NUL:\\\x00 DEL:\\\x7f" <sip:${user}@example.com>`,
      "From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"работающий\";tag=_token~1'+`*%!-.",
      "Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{",
      `CSeq: 139122385 ${method}`,
      "Max-Forwards: 255",
      "extensionHeader-!.%*+_`'~:\uFEFF大停電",
      "Content-Length: 0",
    ])
    const req = parseRequest(msg)
    expect(req.method).toBe(method)
    const ruri = sipUri(req.uri)
    expect([ruri.user, ruri.password, ruri.host]).toEqual([user, password, "example.com"])
    expect(via(req.headers.get("Via")!).branch).toBe("z9hG4bK-.!%66*_+`'~")
    expect(nameAddr(req.headers.get("To")).displayName).toBe("BEL:\x07 NUL:\x00 DEL:\x7f")
    const from = nameAddr(req.headers.get("From"))
    expect(from.displayName).toBe("token1~` token2'+_ token3*%!.-")
    expect(unquote(from.params.get("fromParam''~+*_!.-%")!)).toBe("работающий")
    expect(from.params.get("tag")).toBe("_token~1'+`*%!-.")
    expect(req.headers.get("Call-ID")).toBe("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{")
    expect(req.headers.get("extensionHeader-!.%*+_`'~")).toBe("\uFEFF大停電")
  })

  test("§3.1.1.3 esc01: valid use of the % escaping mechanism", () => {
    const req = parseRequest(
      sip(
        [
          "INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0",
          "To: sip:%75se%72@example.com",
          "From: <sip:I%20have%20spaces@example.net>;tag=938",
          "Max-Forwards: 87",
          "i: esc01.239409asdfakjkn23onasd0-3234",
          "CSeq: 234234 INVITE",
          "Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw",
          "C: application/sdp",
          "Contact:",
          "  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>",
          "Content-Length: 150",
        ],
        sdp("192.0.2.1"),
      ),
    )
    const ruri = sipUri(req.uri)
    // the user is "sips:user@example.com" — a sip: URI whose user part looks like a sips: URI
    expect([ruri.scheme, unescapeUri(ruri.user!), ruri.host]).toEqual(["sip", "sips:user@example.com", "example.net"])
    expect(unescapeUri(sipUri(nameAddr(req.headers.get("To")).uri).user!)).toBe("user")
    expect(unescapeUri(sipUri(nameAddr(req.headers.get("From")).uri).user!)).toBe("I have spaces")
    expect(req.headers.get("Call-ID")).toBe("esc01.239409asdfakjkn23onasd0-3234")
    expect(req.headers.get("Content-Type")).toBe("application/sdp")
    const contact = sipUri(nameAddr(req.headers.get("Contact")).uri)
    expect(unescapeUri(contact.user!)).toBe("caller")
    expect(contact.params.entries().map(([n, v]) => [unescapeUri(n), v === null ? null : unescapeUri(v)])).toEqual([
      ["lr", null],
      ["name", "value%41"],
    ])
  })

  test("§3.1.1.4 escnull: escaped NULs in URIs", () => {
    const req = parseRequest(
      sip([
        "REGISTER sip:example.com SIP/2.0",
        "To: sip:null-%00-null@example.com",
        "From: sip:null-%00-null@example.com;tag=839923423",
        "Max-Forwards: 70",
        "Call-ID: escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd",
        "CSeq: 14398234 REGISTER",
        "Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKkdjuw",
        "Contact: <sip:%00@host5.example.com>",
        "Contact: <sip:%00%00@host5.example.com>",
        "L:0",
      ]),
    )
    expect(unescapeUri(sipUri(nameAddr(req.headers.get("To")).uri).user!)).toBe("null-\0-null")
    expect(req.headers.getAll("Contact").map((c) => unescapeUri(sipUri(nameAddr(c).uri).user!))).toEqual(["\0", "\0\0"])
    expect(req.body.length).toBe(0)
  })

  test("§3.1.1.5 esc02: % that is not an escape; escapes do not apply to methods or header names", () => {
    const req = parseRequest(
      sip([
        "RE%47IST%45R sip:registrar.example.com SIP/2.0",
        'To: "%Z%45" <sip:resource@example.com>',
        'From: "%Z%45" <sip:resource@example.com>;tag=f232jadfj23',
        "Call-ID: esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf",
        "Via: SIP/2.0/TCP host.example.com;branch=z9hG4bK209%fzsnel234",
        "CSeq: 29344 RE%47IST%45R",
        "Max-Forwards: 70",
        "Contact: <sip:alias1@host1.example.com>",
        "C%6Fntact: <sip:alias2@host2.example.com>",
        "Contact: <sip:alias3@host3.example.com>",
        "l: 0",
      ]),
    )
    expect(req.method).toBe("RE%47IST%45R")
    expect(req.method).not.toBe("REGISTER")
    expect(nameAddr(req.headers.get("To")).displayName).toBe("%Z%45")
    expect(via(req.headers.get("Via")!).branch).toBe("z9hG4bK209%fzsnel234")
    expect(req.headers.getAll("Contact")).toEqual(["<sip:alias1@host1.example.com>", "<sip:alias3@host3.example.com>"])
    expect(req.headers.get("C%6Fntact")).toBe("<sip:alias2@host2.example.com>")
  })

  test("§3.1.1.6 lwsdisp: no LWS between display name and <", () => {
    const req = parseRequest(
      sip([
        "OPTIONS sip:user@example.com SIP/2.0",
        "To: sip:user@example.com",
        "From: caller<sip:caller@example.com>;tag=323",
        "Max-Forwards: 70",
        "Call-ID: lwsdisp.1234abcd@funky.example.com",
        "CSeq: 60 OPTIONS",
        "Via: SIP/2.0/UDP funky.example.com;branch=z9hG4bKkdjuw",
        "l: 0",
      ]),
    )
    const from = nameAddr(req.headers.get("From"))
    expect([from.displayName, sipUri(from.uri).user, from.params.get("tag")]).toEqual(["caller", "caller", "323"])
  })

  test("§3.1.1.7 longreq: long values in header fields", () => {
    const long = (n: number) => "long".repeat(n)
    const callerName = "amazinglylongcallername".repeat(5)
    const vias = [
      "Via: SIP/2.0/TCP sip33.example.com",
      "v: SIP/2.0/TCP sip32.example.com",
      "V: SIP/2.0/TCP sip31.example.com",
      "Via: SIP/2.0/TCP sip30.example.com",
      "ViA: SIP/2.0/TCP sip29.example.com",
      "VIa: SIP/2.0/TCP sip28.example.com",
      "VIA: SIP/2.0/TCP sip27.example.com",
      "via: SIP/2.0/TCP sip26.example.com",
      "viA: SIP/2.0/TCP sip25.example.com",
      "vIa: SIP/2.0/TCP sip24.example.com",
      "vIA: SIP/2.0/TCP sip23.example.com",
      "V :  SIP/2.0/TCP sip22.example.com",
      "v :  SIP/2.0/TCP sip21.example.com",
      "V  : SIP/2.0/TCP sip20.example.com",
      "v  : SIP/2.0/TCP sip19.example.com",
      "Via : SIP/2.0/TCP sip18.example.com",
      "Via  : SIP/2.0/TCP sip17.example.com",
      ...Array.from({ length: 16 }, (_, i) => `Via: SIP/2.0/TCP sip${16 - i}.example.com`),
      `Via: SIP/2.0/TCP host.example.com;received=192.0.2.5;branch=very${long(50)}branchvalue`,
    ]
    const req = parseRequest(
      sip(
        [
          "INVITE sip:user@example.com SIP/2.0",
          `To: "I have a user name of ${"extreme ".repeat(10)}proportion"<sip:user@example.com:6000;unknownparam1=very${long(20)}value;longparam${"name".repeat(25)}=shortvalue;very${long(25)}ParameterNameWithNoValue>`,
          `F: sip:${callerName}@example.net;tag=12${"982".repeat(50)}424;unknownheaderparam${"name".repeat(20)}=unknowheaderparam${"value".repeat(15)};unknownValueless${"paramname".repeat(10)}`,
          `Call-ID: longreq.one${"really".repeat(20)}longcallid`,
          "CSeq: 3882340 INVITE",
          `Unknown-${"Long".repeat(20)}-Name: unknown-${long(20)}-value; unknown-${long(20)}-parameter-name = unknown-${long(20)}-parameter-value`,
          ...vias,
          "Max-Forwards: 70",
          `Contact: <sip:${callerName}@host5.example.net>`,
          "Content-Type: application/sdp",
          "l: 150",
        ],
        sdp("192.0.2.1"),
      ),
    )
    const parsed = req.headers.getAll("Via").map(via)
    expect(parsed.length).toBe(34)
    expect(parsed[0].host).toBe("sip33.example.com")
    expect(parsed[32].host).toBe("sip1.example.com")
    expect(parsed[33].branch).toBe(`very${long(50)}branchvalue`)
    expect(parsed[33].received).toBe("192.0.2.5")
    const to = nameAddr(req.headers.get("To"))
    expect(to.displayName).toBe(`I have a user name of ${"extreme ".repeat(10)}proportion`)
    expect(sipUri(to.uri).port).toBe(6000)
    expect(sipUri(to.uri).params.get(`very${long(25)}ParameterNameWithNoValue`)).toBeNull()
    const from = nameAddr(req.headers.get("From"))
    expect(sipUri(from.uri).user).toBe(callerName)
    expect(from.params.get("tag")).toBe(`12${"982".repeat(50)}424`)
    expect(req.headers.get(`Unknown-${"Long".repeat(20)}-Name`)?.startsWith("unknown-long")).toBe(true)
    expect(req.body.length).toBe(150)
  })

  test("§3.1.1.8 dblreq: extra trailing octets in a UDP datagram are discarded", () => {
    const register = sip([
      "REGISTER sip:example.com SIP/2.0",
      "To: sip:j.user@example.com",
      "From: sip:j.user@example.com;tag=43251j3j324",
      "Max-Forwards: 8",
      "I: dblreq.0ha0isndaksdj99sdfafnl3lk233412",
      "Contact: sip:j.user@host.example.com",
      "CSeq: 8 REGISTER",
      "Via: SIP/2.0/UDP 192.0.2.125;branch=z9hG4bKkdjuw23492",
      "Content-Length: 0",
    ])
    const invite = sip(
      [
        "INVITE sip:joe@example.com SIP/2.0",
        "t: sip:joe@example.com",
        "From: sip:caller@example.net;tag=141334",
        "Max-Forwards: 8",
        "Call-ID: dblreq.0ha0isnda977644900765@192.0.2.15",
        "CSeq: 8 INVITE",
        "Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw380234",
        "Content-Type: application/sdp",
        "Content-Length: 150",
      ],
      sdp("192.0.2.15").replace("m=video", "m =video"),
    )
    const req = parseRequest(concat(register, invite))
    expect(req.method).toBe("REGISTER")
    expect(req.headers.get("Call-ID")).toBe("dblreq.0ha0isndaksdj99sdfafnl3lk233412")
    expect(req.body.length).toBe(0)
  })

  test("§3.1.1.9 semiuri: semicolon-separated parameters in the URI user part", () => {
    const req = parseRequest(
      sip([
        "OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0",
        "To: sip:j_user@example.com",
        "From: sip:caller@example.org;tag=33242",
        "Max-Forwards: 3",
        "Call-ID: semiuri.0ha0isndaksdj",
        "CSeq: 8 OPTIONS",
        "Accept: application/sdp, application/pkcs7-mime,",
        "        multipart/mixed, multipart/signed,",
        "        message/sip, message/sipfrag",
        "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKkdjuw",
        "l: 0",
      ]),
    )
    const ruri = sipUri(req.uri)
    expect([ruri.user, ruri.host, ruri.params.size]).toEqual(["user;par=u%40example.net", "example.com", 0])
    expect(req.headers.getAll("Accept")).toEqual([
      "application/sdp", "application/pkcs7-mime", "multipart/mixed", "multipart/signed", "message/sip", "message/sipfrag",
    ])
  })

  test("§3.1.1.10 transports: varied and unknown transport types", () => {
    const req = parseRequest(
      sip([
        "OPTIONS sip:user@example.com SIP/2.0",
        "To: sip:user@example.com",
        "From: <sip:caller@example.com>;tag=323",
        "Max-Forwards: 70",
        "Call-ID:  transports.kijh4akdnaqjkwendsasfdj",
        "Accept: application/sdp",
        "CSeq: 60 OPTIONS",
        "Via: SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw",
        "Via: SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf",
        "Via: SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj",
        "Via: SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en",
        "Via: SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee",
        "l: 0",
      ]),
    )
    expect(req.headers.getAll("Via").map((v) => via(v).transport)).toEqual(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"])
    expect(req.headers.get("Call-ID")).toBe("transports.kijh4akdnaqjkwendsasfdj")
  })

  test("§3.1.1.11 mpart01: multipart MIME body with binary content is kept byte for byte", () => {
    // The RFC's S/MIME signature bytes; any binary works for the parser, these include CR, LF, NUL and 0x80+.
    const hex = `
      30 82 01 52 06 09 2A 86 0D 0A
      48 86 F7 0D 01 07 02 A0 82 01 43 30 82 01 3F 02 01 01 31 09 30 07 06 05 2B 0E 03 02 1A 30 0B 06
      09 2A 86 48 86 F7 0D 01 07 01 31 82 01 20 30 82 01 1C 02 01 01 30 7C 30 70 31 0B 30 09 06 03 55
      04 06 13 02 55 53 31 13 30 11 06 03 55 04 08 13 0A 43 61 6C 69 66 6F 72 6E 69 61 31 11 30 0F 06
      03 55 04 07 13 08 53 61 6E 20 4A 6F 73 65 31 0E 30 0C 06 03 55 04 0A 13 05 73 69 70 69 74 31 29
      30 27 06 03 55 04 0B 13 20 53 69 70 69 74 20 54 65 73 74 20 43 65 72 74 69 66 69 63 61 74 65 20
      41 75 74 68 6F 72 69 74 79 02 08 01 95 00 71 02 33 01 13 30 07 06 05 2B 0E 03 02 1A 30 0D 06 09
      2A 86 48 86 F7 0D 01 01 01 05 00 04 81 80 8E F4 66 F9 48 F0 52 2D D2 E5 97 8E 9D 95 AA E9 F2 FE
      15 A0 66 59 71 62 92 E8 DA 2A A8 D8 35 0A 68 CE FF AE 3C BD 2B FF 16 75 DD D5 64 8E 59 3D D6 47
      28 F2 62 20 F7 E9 41 74 9E 33 0D 9A 15 ED AB DB 93 D1 0C 42 10 2E 7B 72 89 D2 9C C0 C9 AE 2E FB
      C7 C0 CF F9 17 2F 3B 02 7E 4F C0 27 E1 54 6D E4 B6 AA 3A BB 3E 66 CC CB 5D D6 C6 4B 83 83 14 9C
      B8 E6 FF 18 2D 94 4F E5 7B 65 BC 99 D0 05`
    const binary = Uint8Array.from(hex.trim().split(/\s+/).map((h) => parseInt(h, 16)))
    const body = concat(
      enc.encode(
        "--7a9cbec02ceef655\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\n\r\nHello\r\n" +
          "--7a9cbec02ceef655\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n",
      ),
      binary,
      enc.encode("--7a9cbec02ceef655--\r\n"),
    )
    const msg = sip(
      [
        "MESSAGE sip:kumiko@example.org SIP/2.0",
        "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-;rport",
        "Max-Forwards: 70",
        "Route: <sip:127.0.0.1:5080>",
        "Identity: r5mwreLuyDRYBi/0TiPwEsY3rEVsk/G2WxhgTV1PF7hHuLIK0YWVKZhKv9Mj8UeXqkMVbnVq37CD+813gvYjcBUaZngQmXc9WNZSDNGCzA+fWl9MEUHWIZo1CeJebdY/XlgKeTa0Olvq0rt70Q5jiSfbqMJmQFteeivUhkMWYUA=",
        "Contact: <sip:fluffy@127.0.0.1:5070>",
        "To: <sip:kumiko@example.org>",
        "From: <sip:fluffy@example.com>;tag=2fb0dcc9",
        "Call-ID: 3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..",
        "CSeq: 1 MESSAGE",
        "Content-Transfer-Encoding: binary",
        "Content-Type: multipart/mixed;boundary=7a9cbec02ceef655",
        "Date: Sat, 15 Oct 2005 04:44:56 GMT",
        "User-Agent: SIPimp.org/0.2.5 (curses)",
        `Content-Length: ${body.length}`,
      ],
      body,
    )
    const req = parseRequest(msg)
    // the RFC's Content-Length is 553; ours is the same body rebuilt byte by byte
    expect(body.length).toBe(553)
    expect(req.body).toEqual(body)
    const v = via(req.headers.get("Via")!)
    expect([v.host, v.port, v.rport]).toEqual(["127.0.0.1", 5070, true])
    expect(sipUri(nameAddr(req.headers.get("Route")).uri).port).toBe(5080)
    const date = parseSipDate(req.headers.get("Date")!)
    expect(date.ok && date.value.toISOString()).toBe("2005-10-15T04:44:56.000Z")
  })

  test("§3.1.1.12 unreason: unusual (UTF-8) reason phrase", () => {
    const res = parseResponse(
      sip(
        [
          "SIP/2.0 200 = 2**3 * 5**2 но сто девяносто девять - простое",
          "Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923",
          "Call-ID: unreason.1234ksdfak3j2erwedfsASdf",
          "CSeq: 35 INVITE",
          "From: sip:user@example.com;tag=11141343",
          "To: sip:user@example.edu;tag=2229",
          "Content-Length: 154",
          "Content-Type: application/sdp",
          "Contact: <sip:user@host198.example.com>",
        ],
        sdp("192.0.2.198"),
      ),
    )
    expect(res.status).toBe(200)
    expect(res.reason).toBe("= 2**3 * 5**2 но сто девяносто девять - простое")
    expect(res.body.length).toBe(154)
  })

  test("§3.1.1.13 noreason: empty reason phrase", () => {
    const res = parseResponse(
      sip([
        "SIP/2.0 100 ",
        "Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe",
        "Call-ID: noreason.asndj203insdf99223ndf",
        "CSeq: 35 INVITE",
        "From: <sip:user@example.com>;tag=39ansfi3",
        "To: <sip:user@example.edu>;tag=902jndnke3",
        "Content-Length: 0",
        "Contact: <sip:user@host105.example.com>",
      ]),
    )
    expect([res.status, res.reason]).toEqual([100, ""])
  })
})

describe("RFC 4475 §3.1.2 invalid messages", () => {
  test("§3.1.2.1 badinv01: extraneous header field separators → 400", () => {
    const err = parseErr(
      sip(
        [
          "INVITE sip:user@example.com SIP/2.0",
          "To: sip:j.user@example.com",
          "From: sip:caller@example.net;tag=134161461246",
          "Max-Forwards: 7",
          "Call-ID: badinv01.0ha0isndaksdjasdf3234nas",
          "CSeq: 8 INVITE",
          "Via: SIP/2.0/UDP 192.0.2.15;;,;,,",
          'Contact: "Joe" <sip:joe@example.org>;;;;',
          "Content-Length: 152",
          "Content-Type: application/sdp",
        ],
        sdp("192.0.2.15"),
      ),
    )
    expect(err.code).toBe(400)
    expect(err.isRequest).toBe(true)
  })

  const clerr = sip(
    [
      "INVITE sip:user@example.com SIP/2.0",
      "Max-Forwards: 80",
      "To: sip:j.user@example.com",
      "From: sip:caller@example.net;tag=93942939o2",
      "Contact: <sip:caller@hungry.example.net>",
      "Call-ID: clerr.0ha0isndaksdjweiafasdk3",
      "CSeq: 8 INVITE",
      "Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bK-39234-23523",
      "Content-Type: application/sdp",
      "Content-Length: 9999",
    ],
    "\r\n" + sdp("192.0.2.155"),
  )

  test("§3.1.2.2 clerr: Content-Length larger than the datagram → 400, answerable", () => {
    const err = parseErr(clerr)
    expect([err.code, err.reason]).toEqual([400, "Content-Length larger than the message"])
    expect(err.partial?.via).toEqual(["SIP/2.0/UDP host5.example.com;branch=z9hG4bK-39234-23523"])
    const res = responseForParseError(err, { toTag: "x1" })!
    expect(serializeToString(res)).toBe(
      "SIP/2.0 400 Content-Length larger than the message\r\n" +
        "Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bK-39234-23523\r\n" +
        "From: sip:caller@example.net;tag=93942939o2\r\n" +
        "To: sip:j.user@example.com;tag=x1\r\n" +
        "Call-ID: clerr.0ha0isndaksdjweiafasdk3\r\n" +
        "CSeq: 8 INVITE\r\n" +
        "Content-Length: 0\r\n\r\n",
    )
  })

  test("§3.1.2.2 clerr over a stream: the framer waits for the rest", () => {
    const framer = new SipStreamFramer()
    expect(framer.push(clerr)).toEqual([])
    expect(framer.buffered).toBe(clerr.length)
    expect(framer.closed).toBe(false)
  })

  const ncl = sip(
    [
      "INVITE sip:user@example.com SIP/2.0",
      "Max-Forwards: 254",
      "To: sip:j.user@example.com",
      "From: sip:caller@example.net;tag=32394234",
      "Call-ID: ncl.0ha0isndaksdj2193423r542w35",
      "CSeq: 0 INVITE",
      "Via: SIP/2.0/UDP 192.0.2.53;branch=z9hG4bKkdjuw",
      "Contact: <sip:caller@example53.example.net>",
      "Content-Type: application/sdp",
      "Content-Length: -999",
    ],
    sdp("192.0.2.53"),
  )

  test("§3.1.2.3 ncl: negative Content-Length → 400 (and a fatal framing error on a stream)", () => {
    const err = parseErr(ncl)
    expect([err.code, err.reason]).toEqual([400, "Invalid Content-Length"])
    expect(err.partial?.callId).toBe("ncl.0ha0isndaksdj2193423r542w35")
    const framer = new SipStreamFramer()
    const events = framer.push(ncl)
    expect(events.length).toBe(1)
    expect(events[0].type === "error" && events[0].fatal && events[0].error.code).toBe(400)
    expect(framer.closed).toBe(true)
  })

  test("§3.1.2.4 scalar02: request scalar fields with overlarge values → 400 (CSeq)", () => {
    const err = parseErr(
      sip([
        "REGISTER sip:example.com SIP/2.0",
        "Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bK342sdfoi3",
        "To: <sip:user@example.com>",
        "From: <sip:user@example.com>;tag=239232jh3",
        "CSeq: 36893488147419103232 REGISTER",
        "Call-ID: scalar02.23o0pd9vanlq3wnrlnewofjas9ui32",
        "Max-Forwards: 300",
        `Expires: 1${"0".repeat(100)}`,
        "Contact: <sip:user@host129.example.com>",
        "  ;expires=280297596632815",
        "Content-Length: 0",
      ]),
    )
    expect([err.code, err.reason]).toEqual([400, "Invalid CSeq header"])
    expect(parseCSeq("36893488147419103232 REGISTER")).toEqual({ ok: false, reason: "CSeq number out of range" })
  })

  test("§3.1.2.5 scalarlg: response scalar fields with overlarge values → discarded", () => {
    const err = parseErr(
      sip([
        "SIP/2.0 503 Service Unavailable",
        "Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bKzzxdiwo34sw;received=192.0.2.129",
        "To: <sip:user@example.com>",
        "From: <sip:other@example.net>;tag=2easdjfejw",
        "CSeq: 9292394834772304023312 OPTIONS",
        "Call-ID: scalarlg.noase0of0234hn2qofoaf0232aewf2394r",
        "Retry-After: 949302838503028349304023988",
        'Warning: 1812 overture "In Progress"',
        "Content-Length: 0",
      ]),
    )
    expect(err.isRequest).toBe(false)
    expect(err.partial).toBeUndefined()
  })

  test("§3.1.2.6 quotbal: unterminated quoted string in display name → 400", () => {
    const err = parseErr(
      sip(
        [
          "INVITE sip:user@example.com SIP/2.0",
          'To: "Mr. J. User <sip:j.user@example.com>',
          "From: sip:caller@example.net;tag=93334",
          "Max-Forwards: 10",
          "Call-ID: quotbal.aksdj",
          "Contact: <sip:caller@host59.example.net>",
          "CSeq: 8 INVITE",
          "Via: SIP/2.0/UDP 192.0.2.59:5050;branch=z9hG4bKkdjuw39234",
          "Content-Type: application/sdp",
          "Content-Length: 152",
        ],
        sdp("192.0.2.15"),
      ),
    )
    expect([err.code, err.reason]).toEqual([400, "Invalid To header"])
    // the 400 still goes back; no tag is glued onto a To that does not parse
    expect(responseForParseError(err)!.headers.get("To")).toBe('"Mr. J. User <sip:j.user@example.com>')
  })

  const invalidRequestLine = (line: string, body = sdp("192.0.2.5", "3149328700 0"), length = 159) =>
    sip(
      [
        line,
        "To: sip:user@example.com;tag=3xfe-9921883-z9f",
        "From: sip:caller@example.net;tag=231413434",
        "Max-Forwards: 5",
        "Call-ID: lwsruri.asdfasdoeoi2323-asdfwrn23-asd834rk423",
        "CSeq: 2130706432 INVITE",
        "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKkdjuw2395",
        "Contact: <sip:caller@host1.example.net>",
        "Content-Type: application/sdp",
        `Content-Length: ${length}`,
      ],
      body,
    )

  test("§3.1.2.7 ltgtruri: <> enclosing the Request-URI → 400", () => {
    const err = parseErr(invalidRequestLine("INVITE <sip:user@example.com> SIP/2.0"))
    expect([err.code, err.isRequest, err.reason]).toEqual([400, true, "Invalid Request-URI"])
    expect(err.partial?.via.length).toBe(1)
  })

  test("§3.1.2.8 lwsruri: LWS inside the Request-URI → 400", () => {
    expect(parseErr(invalidRequestLine("INVITE sip:user@example.com; lr SIP/2.0")).code).toBe(400)
  })

  test("§3.1.2.9 lwsstart: multiple SP between request-line elements → 400 (we are strict)", () => {
    const err = parseErr(invalidRequestLine("INVITE  sip:user@example.com  SIP/2.0", sdp("192.0.2.1"), 150))
    expect([err.code, err.isRequest]).toEqual([400, true])
    expect(err.partial?.cseq).toBe("2130706432 INVITE")
  })

  test("§3.1.2.10 trws: SP at the end of the request line → 400 (we are strict)", () => {
    const err = parseErr(
      sip([
        "OPTIONS sip:remote-target@example.com SIP/2.0  ", // <hex>2020</hex> in the RFC
        "Via: SIP/2.0/TCP host1.examle.com;branch=z9hG4bK299342093",
        "To: <sip:remote-target@example.com>",
        "From: <sip:local-resource@example.com>;tag=329429089",
        "Call-ID: trws.oicu34958239neffasdhr2345r",
        "Accept: application/sdp",
        "CSeq: 238923 OPTIONS",
        "Max-Forwards: 70",
        "Content-Length: 0",
      ]),
    )
    expect([err.code, err.isRequest]).toEqual([400, true])
  })

  test("§3.1.2.11 escruri: escaped headers in the Request-URI → 400", () => {
    const err = parseErr(
      sip(
        [
          "INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0",
          "To: sip:user@example.com",
          "From: sip:caller@example.net;tag=341518",
          "Max-Forwards: 7",
          "Contact: <sip:caller@host39923.example.net>",
          "Call-ID: escruri.23940-asdfhj-aje3br-234q098w-fawerh2q-h4n5",
          "CSeq: 149209342 INVITE",
          "Via: SIP/2.0/UDP host-of-the-hour.example.com;branch=z9hG4bKkdjuw",
          "Content-Type: application/sdp",
          "Content-Length: 150",
        ],
        sdp("192.0.2.1"),
      ),
    )
    expect([err.code, err.reason]).toEqual([400, "Request-URI must not contain headers"])
  })

  test("§3.1.2.12 baddate: non-GMT Date — the message parses, the Date is recognisably invalid", () => {
    const req = parseRequest(
      sip(
        [
          "INVITE sip:user@example.com SIP/2.0",
          "To: sip:user@example.com",
          "From: sip:caller@example.net;tag=2234923",
          "Max-Forwards: 70",
          "Call-ID: baddate.239423mnsadf3j23lj42--sedfnm234",
          "CSeq: 1392934 INVITE",
          "Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw",
          "Date: Fri, 01 Jan 2010 16:00:00 EST",
          "Contact: <sip:caller@host5.example.net>",
          "Content-Type: application/sdp",
          "Content-Length: 150",
        ],
        sdp("192.0.2.5"),
      ),
    )
    // Date is not a list: its comma does not split it
    expect(req.headers.getAll("Date")).toEqual(["Fri, 01 Jan 2010 16:00:00 EST"])
    expect(parseSipDate(req.headers.get("Date")!)).toEqual({ ok: false, reason: "date must be in GMT" })
  })

  test("§3.1.2.13 regbadct: URI with escaped headers in addr-spec form (no <>) → 400", () => {
    const err = parseErr(
      sip([
        "REGISTER sip:example.com SIP/2.0",
        "To: sip:user@example.com",
        "From: sip:user@example.com;tag=998332",
        "Max-Forwards: 70",
        "Call-ID: regbadct.k345asrl3fdbv@10.0.0.1",
        "CSeq: 1 REGISTER",
        "Via: SIP/2.0/UDP 135.180.130.133:5060;branch=z9hG4bKkdjuw",
        "Contact: sip:user@example.com?Route=%3Csip:sip.example.com%3E",
        "l: 0",
      ]),
    )
    expect([err.code, err.reason]).toEqual([400, "Invalid Contact header"])
    expect(parseContact("sip:user@example.com?Route=%3Csip:sip.example.com%3E")).toEqual({
      ok: false,
      reason: "a URI with headers must be enclosed in <>",
    })
  })

  test("§3.1.2.14 badaspec: spaces within addr-spec → 400", () => {
    const err = parseErr(
      sip([
        "OPTIONS sip:user@example.org SIP/2.0",
        "Via: SIP/2.0/UDP host4.example.com:5060;branch=z9hG4bKkdju43234",
        "Max-Forwards: 70",
        'From: "Bell, Alexander" <sip:a.g.bell@example.com>;tag=433423',
        'To: "Watson, Thomas" < sip:t.watson@example.org >',
        "Call-ID: badaspec.sdf0234n2nds0a099u23h3hnnw009cdkne3",
        "Accept: application/sdp",
        "CSeq: 3923239 OPTIONS",
        "l: 0",
      ]),
    )
    expect([err.code, err.reason]).toEqual([400, "Invalid To header"])
  })

  test("§3.1.2.15 baddn: non-token characters in an unquoted display name → 400", () => {
    const err = parseErr(
      sip([
        "OPTIONS sip:t.watson@example.org SIP/2.0",
        "Via:     SIP/2.0/UDP c.example.com:5060;branch=z9hG4bKkdjuw",
        "Max-Forwards:      70",
        "From:    Bell, Alexander <sip:a.g.bell@example.com>;tag=43",
        "To:      Watson, Thomas <sip:t.watson@example.org>",
        "Call-ID: baddn.31415@c.example.com",
        "Accept: application/sdp",
        "CSeq:    3923239 OPTIONS",
        "l: 0",
      ]),
    )
    expect([err.code, err.reason]).toEqual([400, "Invalid From header"])
  })

  test("§3.1.2.16 badvers: unknown protocol version → 505, answerable", () => {
    const err = parseErr(
      sip([
        "OPTIONS sip:t.watson@example.org SIP/7.0",
        "Via:     SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw",
        "Max-Forwards:     70",
        "From:    A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe",
        "To:      T. Watson <sip:t.watson@example.org>",
        "Call-ID: badvers.31417@c.example.com",
        "CSeq:    1 OPTIONS",
        "l: 0",
      ]),
    )
    expect([err.code, err.isRequest]).toEqual([505, true])
    const res = responseForParseError(err, { toTag: "t1" })!
    expect([res.status, res.reason]).toEqual([505, "Version Not Supported"])
    expect(tagOf(res.headers.get("To"))).toBe("t1")
  })

  test("§3.1.2.17 mismatch01: start line and CSeq method mismatch → 400", () => {
    const err = parseErr(
      sip([
        "OPTIONS sip:user@example.com SIP/2.0",
        "To: sip:j.user@example.com",
        "From: sip:caller@example.net;tag=34525",
        "Max-Forwards: 6",
        "Call-ID: mismatch01.dj0234sxdfl3",
        "CSeq: 8 INVITE",
        "Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw",
        "l: 0",
      ]),
    )
    expect([err.code, err.reason]).toEqual([400, "CSeq method does not match the request method"])
  })

  test("§3.1.2.18 mismatch02: unknown method with CSeq method mismatch → 501", () => {
    const body = "v=0\r\no=mhandley 29739 7272939 IN IP4 192.0.2.1\r\nc=IN IP4 192.0.2.1\r\nm=audio 49217 RTP/AVP 0 12\r\nm=video 3227 RTP/AVP 31\r\na=rtpmap:31 LPC\r\n"
    const err = parseErr(
      sip(
        [
          "NEWMETHOD sip:user@example.com SIP/2.0",
          "To: sip:j.user@example.com",
          "From: sip:caller@example.net;tag=34525",
          "Max-Forwards: 6",
          "Call-ID: mismatch02.dj0234sxdfl3",
          "CSeq: 8 INVITE",
          "Contact: <sip:caller@host.example.net>",
          "Via: SIP/2.0/UDP host.example.net;branch=z9hG4bKkdjuw",
          "Content-Type: application/sdp",
          "l: 138",
        ],
        body,
      ),
    )
    expect(body.length).toBe(138)
    expect(err.code).toBe(501)
  })

  test("§3.1.2.19 bigcode: overlarge response code → discarded", () => {
    const err = parseErr(
      sip([
        "SIP/2.0 4294967301 better not break the receiver",
        "Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe",
        "Call-ID: bigcode.asdof3uj203asdnf3429uasdhfas3ehjasdfas9i",
        "CSeq: 353494 INVITE",
        "From: <sip:user@example.com>;tag=39ansfi3",
        "To: <sip:user@example.edu>;tag=902jndnke3",
        "Content-Length: 0",
        "Contact: <sip:user@host105.example.com>",
      ]),
    )
    expect([err.code, err.isRequest, err.reason]).toEqual([400, false, "Invalid status code"])
  })
})

describe("RFC 4475 §3.2 and §3.3: well-formed messages with semantic problems", () => {
  test("§3.2.1 badbranch: a branch of only the magic cookie parses (the transaction layer decides)", () => {
    const req = parseRequest(
      sip([
        "OPTIONS sip:user@example.com SIP/2.0",
        "To: sip:user@example.com",
        "From: sip:caller@example.org;tag=33242",
        "Max-Forwards: 3",
        "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK",
        "Accept: application/sdp",
        "Call-ID: badbranch.sadonfo23i420jv0as0derf3j3n",
        "CSeq: 8 OPTIONS",
        "l: 0",
      ]),
    )
    expect(via(req.headers.get("Via")!).branch).toBe("z9hG4bK")
  })

  test("§3.3.1 insuf: missing required header fields → 400, answerable with what there is", () => {
    const err = parseErr(
      sip(
        [
          "INVITE sip:user@example.com SIP/2.0",
          "CSeq: 193942 INVITE",
          "Via: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf",
          "Content-Type: application/sdp",
          "l: 152",
        ],
        sdp("192.0.2.95"),
      ),
    )
    expect([err.code, err.reason]).toEqual([400, "Missing From header"])
    expect(err.partial).toEqual({ method: "INVITE", via: ["SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf"], cseq: "193942 INVITE" })
    const res = responseForParseError(err)!
    expect(res.headers.entries()).toEqual([
      ["Via", "SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf"],
      ["CSeq", "193942 INVITE"],
    ])
  })

  const unkscm = sip([
    "OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0",
    "To: sip:user@example.com",
    "From: sip:caller@example.net;tag=384",
    "Max-Forwards: 3",
    "Call-ID: unkscm.nasdfasser0q239nwsdfasdkl34",
    "CSeq: 3923423 OPTIONS",
    "Via: SIP/2.0/TCP host9.example.com;branch=z9hG4bKkdjuw39234",
    "Content-Length: 0",
  ])

  test("§3.3.2 unkscm: Request-URI with an unknown scheme → 416", () => {
    const err = parseErr(unkscm)
    expect([err.code, err.reason, err.isRequest]).toEqual([416, "Unsupported URI Scheme", true])
    expect(responseForParseError(err)?.status).toBe(416)
    const req = parseRequest(unkscm, { allowAnyRequestUriScheme: true })
    expect(req.uri).toEqual({ kind: "other", scheme: "nobodyknowsthisscheme", opaque: "totallyopaquecontent" })
  })

  test("§3.3.3 novelsc: Request-URI with a known but atypical scheme → 416", () => {
    const err = parseErr(
      sip([
        "OPTIONS soap.beep://192.0.2.103:3002 SIP/2.0",
        "To: sip:user@example.com",
        "From: sip:caller@example.net;tag=384",
        "Max-Forwards: 3",
        "Call-ID: novelsc.asdfasser0q239nwsdfasdkl34",
        "CSeq: 3923423 OPTIONS",
        "Via: SIP/2.0/TCP host9.example.com;branch=z9hG4bKkdjuw39234",
        "Content-Length: 0",
      ]),
    )
    expect(err.code).toBe(416)
  })

  test("§3.3.4 unksm2: unknown URI schemes in header fields parse (the registrar judges them)", () => {
    const req = parseRequest(
      sip([
        "REGISTER sip:example.com SIP/2.0",
        "To: isbn:2983792873",
        "From: <http://www.example.com>;tag=3234233",
        "Call-ID: unksm2.daksdj@hyphenated-host.example.com",
        "CSeq: 234902 REGISTER",
        "Max-Forwards: 70",
        "Via: SIP/2.0/UDP 192.0.2.21:5060;branch=z9hG4bKkdjuw",
        "Contact: <name:John_Smith>",
        "l: 0",
      ]),
    )
    expect(nameAddr(req.headers.get("To")).uri).toEqual({ kind: "other", scheme: "isbn", opaque: "2983792873" })
    expect(nameAddr(req.headers.get("From")).uri.scheme).toBe("http")
    expect(nameAddr(req.headers.get("Contact")).uri.scheme).toBe("name")
  })

  test("§3.3.5 bext01: unknown Require / Proxy-Require options parse as lists", () => {
    const req = parseRequest(
      sip([
        "OPTIONS sip:user@example.com SIP/2.0",
        "To: sip:j_user@example.com",
        "From: sip:caller@example.net;tag=242etr",
        "Max-Forwards: 6",
        "Call-ID: bext01.0ha0isndaksdj",
        "Require: nothingSupportsThis, nothingSupportsThisEither",
        "Proxy-Require: noProxiesSupportThis, norDoAnyProxiesSupportThis",
        "CSeq: 8 OPTIONS",
        "Via: SIP/2.0/TLS fold-and-staple.example.com;branch=z9hG4bKkdjuw",
        "Content-Length: 0",
      ]),
    )
    expect(req.headers.getAll("Require")).toEqual(["nothingSupportsThis", "nothingSupportsThisEither"])
    expect(req.headers.getAll("Proxy-Require")).toEqual(["noProxiesSupportThis", "norDoAnyProxiesSupportThis"])
  })

  test("§3.3.6 invut: unknown Content-Type parses, body intact", () => {
    const body = '<audio>\r\n <pcmu port="443"/>\r\n</audio>\r\n'
    const req = parseRequest(
      sip(
        [
          "INVITE sip:user@example.com SIP/2.0",
          "Contact: <sip:caller@host5.example.net>",
          "To: sip:j.user@example.com",
          "From: sip:caller@example.net;tag=8392034",
          "Max-Forwards: 70",
          "Call-ID: invut.0ha0isndaksdjadsfij34n23d",
          "CSeq: 235448 INVITE",
          "Via: SIP/2.0/UDP somehost.example.com;branch=z9hG4bKkdjuw",
          "Content-Type: application/unknownformat",
          "Content-Length: 40",
        ],
        body,
      ),
    )
    expect(text(req.body)).toBe(body)
  })

  test("§3.3.7 regaut01: unknown authorization scheme parses as auth-params", () => {
    const req = parseRequest(
      sip([
        "REGISTER sip:example.com SIP/2.0",
        "To: sip:j.user@example.com",
        "From: sip:j.user@example.com;tag=87321hj23128",
        "Max-Forwards: 8",
        "Call-ID: regaut01.0ha0isndaksdj",
        "CSeq: 9338 REGISTER",
        "Via: SIP/2.0/TCP 192.0.2.253;branch=z9hG4bKkdjuw",
        "Authorization: NoOneKnowsThisScheme opaque-data=here",
        "Content-Length:0",
      ]),
    )
    const auth = parseAuthValue(req.headers.get("Authorization")!)
    expect(auth.ok && auth.value.scheme).toBe("NoOneKnowsThisScheme")
    expect(auth.ok && authParam(auth.value, "opaque-data")).toBe("here")
  })

  test("§3.3.8 multi01: several values in single-value fields → 400", () => {
    const err = parseErr(
      sip(
        [
          "INVITE sip:user@company.com SIP/2.0",
          "Contact: <sip:caller@host25.example.net>",
          "Via: SIP/2.0/UDP 192.0.2.25;branch=z9hG4bKkdjuw",
          "Max-Forwards: 70",
          "CSeq: 5 INVITE",
          "Call-ID: multi01.98asdh@192.0.2.1",
          "CSeq: 59 INVITE",
          "Call-ID: multi01.98asdh@192.0.2.2",
          "From: sip:caller@example.com;tag=3413415",
          "To: sip:user@example.com",
          "To: sip:other@example.net",
          "From: sip:caller@example.net;tag=2923420123",
          "Content-Type: application/sdp",
          "l: 154",
          "Contact: <sip:caller@host36.example.net>",
          "Max-Forwards: 5",
        ],
        sdp("192.0.2.25"),
      ),
    )
    expect([err.code, err.reason]).toEqual([400, "Multiple From headers"])
  })

  const mcl01 = sip(
    [
      "OPTIONS sip:user@example.com SIP/2.0",
      "Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bK293423",
      "To: sip:user@example.com",
      "From: sip:other@example.net;tag=3923942",
      "Call-ID: mcl01.fhn2323orihawfdoa3o4r52o3irsdf",
      "CSeq: 15932 OPTIONS",
      "Content-Length: 13",
      "Max-Forwards: 60",
      "Content-Length: 5",
      "Content-Type: text/plain",
    ],
    "There's no way to know how many octets are supposed to be here.\r\n",
  )

  test("§3.3.9 mcl01: conflicting Content-Length values → 400; fatal on a stream", () => {
    expect(parseErr(mcl01)).toMatchObject({ code: 400, reason: "Conflicting Content-Length values" })
    const events = new SipStreamFramer().push(mcl01)
    expect(events).toMatchObject([{ type: "error", fatal: true, error: { code: 400 } }])
  })

  test("§3.3.10 bcast: 200 OK with a broadcast Via sent-by parses", () => {
    const res = parseResponse(
      sip(
        [
          "SIP/2.0 200 OK",
          "Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923",
          "Via: SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23",
          "Call-ID: bcast.0384840201234ksdfak3j2erwedfsASdf",
          "CSeq: 35 INVITE",
          "From: sip:user@example.com;tag=11141343",
          "To: sip:user@example.edu;tag=2229",
          "Content-Length: 154",
          "Content-Type: application/sdp",
          "Contact: <sip:user@host28.example.com>",
        ],
        sdp("192.0.2.198"),
      ),
    )
    expect(res.headers.getAll("Via").map((v) => via(v).host)).toEqual(["192.0.2.198", "255.255.255.255"])
  })

  test("§3.3.11 zeromf: Max-Forwards of zero parses (the proxy answers 483)", () => {
    const req = parseRequest(
      sip([
        "OPTIONS sip:user@example.com SIP/2.0",
        "To: sip:user@example.com",
        "From: sip:caller@example.net;tag=3ghsd41",
        "Call-ID: zeromf.jfasdlfnm2o2l43r5u0asdfas",
        "CSeq: 39234321 OPTIONS",
        "Via: SIP/2.0/UDP host1.example.com;branch=z9hG4bKkdjuw2349i",
        "Max-Forwards: 0",
        "Content-Length: 0",
      ]),
    )
    expect(req.headers.get("Max-Forwards")).toBe("0")
  })

  test("§3.3.12 cparam01: in addr-spec form ;unknownparam is a contact parameter", () => {
    const req = parseRequest(
      sip([
        "REGISTER sip:example.com SIP/2.0",
        "Via: SIP/2.0/UDP saturn.example.com:5060;branch=z9hG4bKkdjuw",
        "Max-Forwards: 70",
        "From: sip:watson@example.com;tag=DkfVgjkrtMwaerKKpe",
        "To: sip:watson@example.com",
        "Call-ID: cparam01.70710@saturn.example.com",
        "CSeq: 2 REGISTER",
        "Contact: sip:+19725552222@gw1.example.net;unknownparam",
        "l: 0",
      ]),
    )
    const c = nameAddr(req.headers.get("Contact"))
    expect(sipUri(c.uri).user).toBe("+19725552222")
    expect(sipUri(c.uri).params.size).toBe(0)
    expect(c.params.entries()).toEqual([["unknownparam", null]])
  })

  test("§3.3.13 cparam02: inside <> ;unknownparam is a URI parameter", () => {
    const req = parseRequest(
      sip([
        "REGISTER sip:example.com SIP/2.0",
        "Via: SIP/2.0/UDP saturn.example.com:5060;branch=z9hG4bKkdjuw",
        "Max-Forwards: 70",
        "From: sip:watson@example.com;tag=838293",
        "To: sip:watson@example.com",
        "Call-ID: cparam02.70710@saturn.example.com",
        "CSeq: 3 REGISTER",
        "Contact: <sip:+19725552222@gw1.example.net;unknownparam>",
        "l: 0",
      ]),
    )
    const c = nameAddr(req.headers.get("Contact"))
    expect(sipUri(c.uri).params.entries()).toEqual([["unknownparam", null]])
    expect(c.params.size).toBe(0)
  })

  test("§3.3.14 regescrt: REGISTER with a URL-escaped header inside <>", () => {
    const req = parseRequest(
      sip([
        "REGISTER sip:example.com SIP/2.0",
        "To: sip:user@example.com",
        "From: sip:user@example.com;tag=8",
        "Max-Forwards: 70",
        "Call-ID: regescrt.k345asrl3fdbv@192.0.2.1",
        "CSeq: 14398234 REGISTER",
        "Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKkdjuw",
        "M: <sip:user@example.com?Route=%3Csip:sip.example.com%3E>",
        "L:0",
      ]),
    )
    const c = sipUri(nameAddr(req.headers.get("Contact")).uri)
    expect(unescapeUri(c.headers.get("Route")!)).toBe("<sip:sip.example.com>")
  })

  test("§3.3.15 sdp01: unacceptable Accept offering parses", () => {
    const req = parseRequest(
      sip(
        [
          "INVITE sip:user@example.com SIP/2.0",
          "To: sip:j_user@example.com",
          "Contact: <sip:caller@host15.example.net>",
          "From: sip:caller@example.net;tag=234",
          "Max-Forwards: 5",
          "Call-ID: sdp01.ndaksdj9342dasdd",
          "Accept: text/nobodyKnowsThis",
          "CSeq: 8 INVITE",
          "Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw",
          "Content-Length: 150",
          "Content-Type: application/sdp",
        ],
        sdp("192.0.2.5"),
      ),
    )
    expect(splitList(req.headers.get("Accept")!)).toEqual(["text/nobodyKnowsThis"])
  })
})

describe("RFC 4475 §3.4 backward compatibility", () => {
  const inv2543Body = "v=0\r\no=mhandley 29739 7272939 IN IP4 192.0.2.5\r\ns=-\r\nc=IN IP4 192.0.2.5\r\nt=0 0\r\nm=audio 49217 RTP/AVP 0\r\n"
  const inv2543 = sip(
    [
      "INVITE sip:UserB@example.com SIP/2.0",
      "Via: SIP/2.0/UDP iftgw.example.com",
      "From: <sip:+13035551111@ift.client.example.net;user=phone>",
      "Record-Route: <sip:UserB@example.com;maddr=ss1.example.com>",
      "To: sip:+16505552222@ss1.example.net;user=phone",
      "Call-ID: inv2543.1717@ift.client.example.com",
      "CSeq: 56 INVITE",
      "Content-Type: application/sdp",
    ],
    inv2543Body,
  )

  test("§3.4.1 inv2543: by default a clear 400 (no Max-Forwards)", () => {
    const err = parseErr(inv2543)
    expect([err.code, err.reason]).toEqual([400, "Missing Max-Forwards header"])
  })

  test("§3.4.1 inv2543: tolerated with requireMaxForwards: false (no branch, no From tag, body = rest of datagram)", () => {
    const req = parseRequest(inv2543, { requireMaxForwards: false })
    expect(via(req.headers.get("Via")!).branch).toBeUndefined()
    expect(tagOf(req.headers.get("From"))).toBeUndefined()
    // addr-spec form: ;user=phone belongs to the header, not the URI
    const to = nameAddr(req.headers.get("To"))
    expect([(to.uri as SipUri).params.size, to.params.get("user")]).toEqual([0, "phone"])
    expect(text(req.body)).toBe(inv2543Body)
  })
})

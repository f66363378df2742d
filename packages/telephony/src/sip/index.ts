/**
 * The SIP message layer of @org/telephony (RFC 3261 §7, §18.3, §19, §20, §25):
 * message model, parser, stream framer, serializer and header helpers.
 * Browser-safe: Web APIs only (TextEncoder/TextDecoder, crypto.getRandomValues).
 */
export {
  type Outcome, type OtherUri, type ParseError, type ParseResult, type PartialRequest, type SipMessage,
  type SipRequest, type SipResponse, type SipUri, type TelUri, type Uri, SipHeaders, SipParams,
} from "./message"
export { COMPACT_FORMS, canonicalHeaderName, isListHeader, headerKey } from "./names"
export { DEFAULT_PARSE_OPTIONS, KNOWN_METHODS, type ParseOptions, parseMessage } from "./parse"
export { CRLF, CRLF_CRLF, type FramerEvent, type FramerOptions, SipStreamFramer } from "./framer"
export {
  type ResponseOptions, createResponse, formatStartLine, responseForParseError, serializeMessage, serializeToString,
} from "./serialize"
export {
  type CSeq, type NameAddr, type NameAddrOptions, type Via, formatCSeq, formatNameAddr, formatSipDate, formatVia,
  isCallId, parseCSeq, parseContact, parseDeltaSeconds, parseHeaderParams, parseMaxForwards, parseNameAddr,
  parseSipDate, parseVia, quote, splitList, unquote,
} from "./headers"
export { type ReadonlyParams, type Shared, readNameAddr, readVia, rememberVia, tagOf } from "./shared-parse"
export {
  type AuthParam, type AuthValue, authParam, authParams, formatAuthParams, formatAuthValue, parseAuthParams, parseAuthValue,
} from "./auth"
export { BRANCH_MAGIC_COOKIE, generateBranch, generateCallId, generateTag, randomToken } from "./ids"
export { formatHost, formatUri, isIPv4, isIPv6, isValidHost, parseUri, unescapeUri } from "./uri"
export { REASON_PHRASES, reasonPhrase } from "./status"

/**
 * @org/telephony — browser-safe public API. So far: the SIP message layer
 * (parse, frame, serialize, header helpers); transports, transactions and the
 * registrar come next.
 */
export * from "./sip"

/**
 * @org/telephony — browser-safe public API: the SIP message layer (parse,
 * frame, serialize, header helpers), the shapes of call records, the
 * telephony API's schemas and its events. The server parts (transports,
 * transactions, registrar, routing, the services and routes of the platform)
 * are in `@org/telephony/server`.
 */
export * from "./sip"
export type {
  ActiveCall, CallDirection, CallDisposition, CallParty, CallRecord, CallState, HangupSide, TransferStep,
} from "./routing/call-tracker"
export type { DialplanTarget } from "./routing/dialplan"
export * as telephonyApi from "./api"
export {
  CallListQuery, CallRecordDto, CallRecordPage, ExtensionDto, NewExtension, NewSipAccount, SipAccountDto, SipAccountPage,
  SipAccountWithPassword, SoftphoneConfig,
} from "./api"
export * from "./events"

/** SIP transports (RFC 3261 §18, RFC 7118): UDP, TCP, and WebSocket flows plugged in by an HTTP server. */
export {
  type FlowClosedHandler, type MessageHandler, type SipTransport, type Source, type Target, type TransportLogger,
  type TransportProtocol, TransportError,
} from "./types"
export { Ingress, type IngressOptions, stampVia } from "./ingress"
export { UdpTransport, type UdpTransportOptions } from "./udp"
export { TcpTransport, type TcpTransportOptions } from "./tcp"
export { SIP_WS_PROTOCOL, WsFlow, type WsSocketCallbacks, WsTransport, type WsTransportOptions } from "./ws"
export { Transports, responseTarget } from "./transports"

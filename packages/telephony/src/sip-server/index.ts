export { ALLOWED_METHODS, type ListeningAddresses, SUPPORTED_EXTENSIONS, SipServer, type SipServerOptions } from "./sip-server"

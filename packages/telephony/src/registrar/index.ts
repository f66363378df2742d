/** The registrar (RFC 3261 §10.3) with digest authentication (RFC 8760) and the location service. */
export { type AccountStore, InMemoryAccountStore, type SipAccount } from "./accounts"
export {
  DIGEST_ALGORITHMS, type DigestAlgorithm, type DigestInput, computeDigestResponse, computeHa1, digestEquals, digestHash,
  parseDigestAlgorithm,
} from "./digest"
export { type NonceCheck, NonceCounts, type NonceOptions, Nonces } from "./nonce"
export { AuthFailures } from "./failures"
export { type AuthKind, type AuthResult, DigestAuthenticator, type DigestAuthenticatorOptions } from "./authenticator"
export {
  type Binding, type BindingEvent, type ContactInput, LocationService, type LocationOptions, type RegistrationContext,
  type UpdateResult, aorOf, contactKey,
} from "./location"
export { type RegisterEvent, Registrar, type RegistrarOptions } from "./registrar"

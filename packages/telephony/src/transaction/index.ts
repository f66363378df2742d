/** SIP transactions (RFC 3261 §17, RFC 6026) with an injectable clock. */
export { type Clock, ManualClock, type TimerHandle, systemClock } from "./clock"
export { DEFAULT_TIMERS, type TimerValues, resolveTimers } from "./timers"
export { type TerminationReason, Transaction, type TransactionState } from "./base"
export { InviteServerTransaction, NonInviteServerTransaction, ServerTransaction } from "./server"
export { ClientTransaction, type ClientTransactionHandler, InviteClientTransaction, NonInviteClientTransaction } from "./client"
export { TransactionLayer, type TransactionLayerOptions, type TransactionUser } from "./layer"
export { cancelledInviteKey, clientKey, responseKey, serverKey } from "./keys"
export { createAckForFailure, createCancel } from "./requests"

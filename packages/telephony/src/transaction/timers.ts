/** RFC 3261 §17 timer values (Table 4 of Appendix A), all in milliseconds. */
export interface TimerValues {
  /** RTT estimate (default 500). Timers A, B, E, F, G, H, J, L, M derive from it. */
  T1: number
  /** Longest interval for non-INVITE requests and INVITE responses (default 4000). */
  T2: number
  /** Longest time a message stays in the network (default 5000): timers I and K. */
  T4: number
  /** Timer D: wait for response retransmissions after an INVITE failure, unreliable transports (default 32000). */
  D: number
  /** An INVITE server transaction sends 100 Trying when the TU has not answered within this (default 200; 0 = at once). */
  trying: number
}

export const DEFAULT_TIMERS: TimerValues = { T1: 500, T2: 4000, T4: 5000, D: 32000, trying: 200 }

export const resolveTimers = (t: Partial<TimerValues> = {}): TimerValues => {
  const v = { ...DEFAULT_TIMERS, ...t }
  for (const [k, n] of Object.entries(v)) if (!(Number.isFinite(n) && n >= 0)) throw new RangeError(`timer ${k} must be a non-negative number`)
  if (v.T1 <= 0) throw new RangeError("T1 must be positive")
  return v
}

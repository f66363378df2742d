/** @org/telephony: no public API yet (see README). */
export {}

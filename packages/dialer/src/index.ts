/** @org/dialer: no public API yet (see README). */
export {}

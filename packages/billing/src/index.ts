/** @org/billing: no public API yet (see README). */
export {}

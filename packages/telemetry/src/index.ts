/** @org/telemetry: no public API yet (see README). */
export {}

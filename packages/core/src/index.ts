/**
 * @org/core — browser-safe public API: roles and actors, typed errors,
 * problem details, input validation and event shapes.
 */
export * from "./actor"
export * from "./errors"
export * from "./events"
export * from "./problem"
export * from "./validation"

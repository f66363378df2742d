/**
 * The state machine of a case type: which moves exist from a state, who may
 * make them, and which fields each move still needs. The API answers a refused
 * move with the allowed moves or the missing fields, so the UI can list them
 * (the roadside desk's "unfilled fields" panel).
 */
import type { Role } from "@org/core"
import type { CaseTypeDef, FieldDef, StateDef, TransitionDef } from "./definition"

export type FieldValues = Readonly<Record<string, unknown>>

export const isEmpty = (v: unknown) =>
  v === undefined || v === null || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && v.length === 0)

export const initialState = (def: CaseTypeDef): StateDef => def.states.find((s) => s.initial) ?? def.states[0]

export const stateOf = (def: CaseTypeDef, key: string) => def.states.find((s) => s.key === key)

const mayMake = (t: TransitionDef, roles: readonly Role[]) =>
  !t.roles || roles.includes("admin") || t.roles.some((r) => roles.includes(r))

/** Moves out of `from` that these roles may make. */
export const movesFrom = (def: CaseTypeDef, from: string, roles: readonly Role[]) =>
  def.transitions.filter((t) => t.from.includes(from) && mayMake(t, roles))

export const missingFields = (def: CaseTypeDef, keys: readonly string[], values: FieldValues): FieldDef[] =>
  def.fields.filter((f) => keys.includes(f.key) && isEmpty(values[f.key]))

export const missingOnCreate = (def: CaseTypeDef, values: FieldValues) =>
  missingFields(def, def.fields.filter((f) => f.requiredOnCreate).map((f) => f.key), values)

export type MoveCheck =
  | { ok: true; transition: TransitionDef }
  | { ok: false; reason: "not_allowed"; allowed: string[] }
  | { ok: false; reason: "forbidden"; roles: readonly Role[] }
  | { ok: false; reason: "missing_fields"; missing: FieldDef[] }

export const checkMove = (
  def: CaseTypeDef,
  move: { from: string; to: string; roles: readonly Role[]; values: FieldValues },
): MoveCheck => {
  const candidates = def.transitions.filter((t) => t.from.includes(move.from) && t.to === move.to)
  if (candidates.length === 0) {
    return { ok: false, reason: "not_allowed", allowed: movesFrom(def, move.from, move.roles).map((t) => t.to) }
  }
  const permitted = candidates.filter((t) => mayMake(t, move.roles))
  if (permitted.length === 0) return { ok: false, reason: "forbidden", roles: candidates.flatMap((t) => t.roles ?? []) }
  // Of several moves to the same state, the one needing the fewest missing fields decides.
  const checked = permitted
    .map((t) => ({ t, missing: missingFields(def, t.requires ?? [], move.values) }))
    .sort((a, b) => a.missing.length - b.missing.length)
  const best = checked[0]
  return best.missing.length ? { ok: false, reason: "missing_fields", missing: best.missing } : { ok: true, transition: best.t }
}

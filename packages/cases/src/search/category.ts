/** The status category a case is listed under (active = open + paused, inactive = resolved). */
import { stateOf, type CaseTypeDef, type StateCategory } from "../types"

/** Untyped cases have fixed statuses: new and in_progress are open, resolved and closed resolved. */
const untyped: Record<string, StateCategory> = { new: "open", in_progress: "open", resolved: "resolved", closed: "resolved" }

/** The category of `status` in `definition` (a state it no longer has counts as open), or of an untyped case's status. */
export const statusCategoryOf = (definition: CaseTypeDef | null | undefined, status: string): StateCategory =>
  definition ? stateOf(definition, status)?.category ?? "open" : untyped[status] ?? "open"

/** The `CaseSearch` service: case search. */
import { Context, Effect, Layer } from "effect"

export class CaseSearch extends Context.Service<CaseSearch>()("@org/cases/CaseSearch", {
  make: Effect.succeed({}),
}) {
  static layer = Layer.effect(CaseSearch, CaseSearch.make)
}

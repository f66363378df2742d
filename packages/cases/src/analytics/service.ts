/** The `CaseAnalytics` service: the case desk's analytics. */
import { Context, Effect, Layer } from "effect"

export class CaseAnalytics extends Context.Service<CaseAnalytics>()("@org/cases/CaseAnalytics", {
  make: Effect.succeed({}),
}) {
  static layer = Layer.effect(CaseAnalytics, CaseAnalytics.make)
}

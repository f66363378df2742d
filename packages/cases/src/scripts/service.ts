/** The `CaseScripts` service: questionnaire scripts. */
import { Context, Effect, Layer } from "effect"

export class CaseScripts extends Context.Service<CaseScripts>()("@org/cases/CaseScripts", {
  make: Effect.succeed({}),
}) {
  static layer = Layer.effect(CaseScripts, CaseScripts.make)
}

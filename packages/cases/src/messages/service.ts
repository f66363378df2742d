/** The `CaseMessages` service: messages to the applicant. */
import { Context, Effect, Layer } from "effect"

export class CaseMessages extends Context.Service<CaseMessages>()("@org/cases/CaseMessages", {
  make: Effect.succeed({}),
}) {
  static layer = Layer.effect(CaseMessages, CaseMessages.make)
}

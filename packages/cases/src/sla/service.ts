/** The `CaseSla` service: SLA targets, calendars and breaches. */
import { Context, Effect, Layer } from "effect"

export class CaseSla extends Context.Service<CaseSla>()("@org/cases/CaseSla", {
  make: Effect.succeed({}),
}) {
  static layer = Layer.effect(CaseSla, CaseSla.make)
}

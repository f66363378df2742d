/** The `PartnerServices` service: partner services inside a case and the hand-off to back office. */
import { Context, Effect, Layer } from "effect"

export class PartnerServices extends Context.Service<PartnerServices>()("@org/cases/PartnerServices", {
  make: Effect.succeed({}),
}) {
  static layer = Layer.effect(PartnerServices, PartnerServices.make)
}

/** The `Applicants` service: applicants recognised by phone. */
import { Context, Effect, Layer } from "effect"

export class Applicants extends Context.Service<Applicants>()("@org/cases/Applicants", {
  make: Effect.succeed({}),
}) {
  static layer = Layer.effect(Applicants, Applicants.make)
}

/** The `CaseAttachments` service: journal attachments. */
import { Context, Effect, Layer } from "effect"

export class CaseAttachments extends Context.Service<CaseAttachments>()("@org/cases/CaseAttachments", {
  make: Effect.succeed({}),
}) {
  static layer = Layer.effect(CaseAttachments, CaseAttachments.make)
}

/** Events of the case workspace's panels (`<org-case-card>` listens to them; a host page may too). */
import type { TypedCaseDto } from "./api/case-card.js"

const init: EventInit = { bubbles: true, composed: true }

/** A panel changed the case on the server (saved fields, answered a script question, a flag …): `case` is it now. */
export class CaseUpdatedEvent extends Event {
  static readonly type = "org-case-updated" as const
  readonly case: TypedCaseDto
  constructor(updated: TypedCaseDto) {
    super(CaseUpdatedEvent.type, init)
    this.case = updated
  }
}

/** One thing a refused step still needs: a case field (`values.<key>`) or a field of a partner service. */
export interface UnfilledItem {
  /** The problem path: `values.plate`, `partnerId`, `customerCost` … */
  readonly path: string
  /** The case field key, for `values.<key>` paths. */
  readonly field?: string | undefined
  /** Its name in the widget's language. */
  readonly label: string
  /** The server's message. */
  readonly message: string
}

/**
 * A step was refused for missing data (a move that needs fields, a hand-off to the back office):
 * the card lists `items` in its "unfilled fields" panel under `title`.
 */
export class UnfilledFieldsEvent extends Event {
  static readonly type = "org-case-unfilled" as const
  readonly title: string
  readonly items: readonly UnfilledItem[]
  constructor(title: string, items: readonly UnfilledItem[]) {
    super(UnfilledFieldsEvent.type, init)
    this.title = title
    this.items = items
  }
}

/** `<org-dictionary-select>` (and the other pickers of the card) picked a value: `value` is an id or null. */
export class ValuePickEvent extends Event {
  static readonly type = "org-value-pick" as const
  readonly value: string | null
  constructor(value: string | null) {
    super(ValuePickEvent.type, init)
    this.value = value
  }
}

/** `<org-case-create>` was closed without creating a case (Cancel or Escape). */
export class CaseCreateCancelEvent extends Event {
  static readonly type = "org-case-create-cancel" as const
  constructor() {
    super(CaseCreateCancelEvent.type, init)
  }
}

declare global {
  interface HTMLElementEventMap {
    "org-case-updated": CaseUpdatedEvent
    "org-case-unfilled": UnfilledFieldsEvent
    "org-value-pick": ValuePickEvent
    "org-case-create-cancel": CaseCreateCancelEvent
  }
}

import type { CaseDto, UserDto } from "./api/types.js"
import type { Lang } from "./i18n/i18n.js"

const init: EventInit = { bubbles: true, composed: true }

/** A case was created through the form of `<org-case-list>`. */
export class CaseCreatedEvent extends Event {
  static readonly type = "org-case-created" as const
  readonly case: CaseDto
  constructor(created: CaseDto) {
    super(CaseCreatedEvent.type, init)
    this.case = created
  }
}

/** `<org-login>` signed a user in. */
export class LoginEvent extends Event {
  static readonly type = "org-login" as const
  readonly user: UserDto
  constructor(user: UserDto) {
    super(LoginEvent.type, init)
    this.user = user
  }
}

/** The user asked to sign out (`<org-top-bar>`); whoever owns the session ends it. */
export class LogoutEvent extends Event {
  static readonly type = "org-logout" as const
  constructor() {
    super(LogoutEvent.type, init)
  }
}

/** The user picked another language in a language switch. */
export class LangChangeEvent extends Event {
  static readonly type = "org-lang-change" as const
  readonly lang: Lang
  constructor(lang: Lang) {
    super(LangChangeEvent.type, init)
    this.lang = lang
  }
}

declare global {
  interface HTMLElementEventMap {
    "org-case-created": CaseCreatedEvent
    "org-login": LoginEvent
    "org-logout": LogoutEvent
    "org-lang-change": LangChangeEvent
  }
}

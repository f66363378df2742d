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

/** Where a widget asks to go: the console switches its view; a host page may do the same. */
export type NavigateView = "cases" | "account" | "admin" | "login"

/** A widget asked to show another view (the user's name in the top bar → "account" …). */
export class NavigateEvent extends Event {
  static readonly type = "org-navigate" as const
  readonly view: NavigateView
  constructor(view: NavigateView) {
    super(NavigateEvent.type, init)
    this.view = view
  }
}

/** `<org-invite-accept>` set the password of an invited person: they can sign in now. */
export class InvitationAcceptedEvent extends Event {
  static readonly type = "org-invitation-accepted" as const
  readonly userId: string
  readonly login: string
  constructor(accepted: { userId: string; login: string }) {
    super(InvitationAcceptedEvent.type, init)
    this.userId = accepted.userId
    this.login = accepted.login
  }
}

declare global {
  interface HTMLElementEventMap {
    "org-case-created": CaseCreatedEvent
    "org-login": LoginEvent
    "org-logout": LogoutEvent
    "org-lang-change": LangChangeEvent
    "org-navigate": NavigateEvent
    "org-invitation-accepted": InvitationAcceptedEvent
  }
}

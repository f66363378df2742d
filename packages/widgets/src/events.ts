import type { CaseDto, GroupListItemDto, UserDto, UserListItemDto } from "./api/types.js"
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

/**
 * Asks to open a case (by id): `<org-case-list>` (a row), `<org-case-card>` (a previous case of the
 * applicant, the "my cases" switcher), `<org-case-create>` (the case it created). The console shows
 * `<org-case-card>` for it; a standalone card opens it itself unless a listener calls preventDefault().
 */
export class CaseOpenEvent extends Event {
  static readonly type = "org-case-open" as const
  readonly caseId: string
  constructor(caseId: string) {
    super(CaseOpenEvent.type, { ...init, cancelable: true })
    this.caseId = caseId
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

/** `<org-admin-user-edit>` saved a user: `user` is the row as it is now. */
export class UserUpdatedEvent extends Event {
  static readonly type = "org-user-updated" as const
  readonly user: UserListItemDto
  constructor(user: UserListItemDto) {
    super(UserUpdatedEvent.type, init)
    this.user = user
  }
}

/** `<org-admin-user-edit>` was closed without saving (Cancel or Escape). */
export class EditCancelEvent extends Event {
  static readonly type = "org-edit-cancel" as const
  readonly id: string
  constructor(id: string) {
    super(EditCancelEvent.type, init)
    this.id = id
  }
}

/** `<org-admin-groups>` created an operator group. */
export class GroupCreatedEvent extends Event {
  static readonly type = "org-group-created" as const
  readonly group: GroupListItemDto
  constructor(group: GroupListItemDto) {
    super(GroupCreatedEvent.type, init)
    this.group = group
  }
}

declare global {
  interface HTMLElementEventMap {
    "org-case-created": CaseCreatedEvent
    "org-case-open": CaseOpenEvent
    "org-login": LoginEvent
    "org-logout": LogoutEvent
    "org-lang-change": LangChangeEvent
    "org-navigate": NavigateEvent
    "org-invitation-accepted": InvitationAcceptedEvent
    "org-user-updated": UserUpdatedEvent
    "org-edit-cancel": EditCancelEvent
    "org-group-created": GroupCreatedEvent
  }
}

/**
 * @org/widgets — Lit web components of Switchboard. Importing this module defines the
 * `<org-*>` elements (once, even if several copies of the library are loaded).
 */
export { ApiClient, type ApiClientOptions, type ListCasesParams, type RequestOptions } from "./api/client.js"
export { ApiError, parseRetryAfter } from "./api/errors.js"
export { EventsConnection, type ConnectionState, type EventsConnectionOptions, type EventListenerFn } from "./api/events.js"
export type {
  CaseDto,
  CasePage,
  CaseStatus,
  CreateCaseInput,
  EventTopics,
  HealthCheck,
  HealthDto,
  HealthStatus,
  LoginInput,
  ProblemDto,
  ProblemField,
  ServerEvent,
  TenantDto,
  UserDto,
} from "./api/types.js"
export { apiContext, sessionContext } from "./context.js"
export { CaseCreatedEvent, LangChangeEvent, LoginEvent, LogoutEvent } from "./events.js"
export { DEFAULT_LANG, LANGS, resolveLang, translate, type Lang, type MessageKey } from "./i18n/i18n.js"
export { messages } from "./i18n/messages.js"
export { OrgElement } from "./lib/org-element.js"
export { OrgCaseList } from "./elements/org-case-list.js"
export { OrgConsole } from "./elements/org-console.js"
export { OrgLangSwitch } from "./elements/org-lang-switch.js"
export { OrgLogin } from "./elements/org-login.js"
export { OrgTopBar, type HealthLevel } from "./elements/org-top-bar.js"

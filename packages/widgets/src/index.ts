/**
 * @org/widgets — Lit web components of Switchboard. Importing this module defines the
 * `<org-*>` elements (once, even if several copies of the library are loaded).
 */
export { ApiClient, type ApiClientOptions, type ListCasesParams, type RequestOptions } from "./api/client.js"
export { ApiError, parseRetryAfter } from "./api/errors.js"
export {
  EventsConnection,
  UNAUTHORIZED_CLOSE_CODE,
  type ConnectionState,
  type EventsConnectionOptions,
  type EventListenerFn,
} from "./api/events.js"
export { ROLES } from "./api/types.js"
export type {
  AcceptedInvitationDto,
  AcceptInvitationInput,
  ApiKeyDto,
  CreateApiKeyInput,
  CreatedApiKeyDto,
  CreatedInvitationDto,
  CreateGroupInput,
  CreateInvitationInput,
  GroupDto,
  GroupListItemDto,
  InvitationDto,
  InvitationState,
  PasswordChangeInput,
  Role,
  SessionDto,
  UserListItemDto,
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
  UpdateUserInput,
  UserDto,
} from "./api/types.js"
export { apiContext, sessionContext } from "./context.js"
export {
  CaseCreatedEvent,
  EditCancelEvent,
  GroupCreatedEvent,
  InvitationAcceptedEvent,
  LangChangeEvent,
  LoginEvent,
  LogoutEvent,
  NavigateEvent,
  type NavigateView,
  UserUpdatedEvent,
} from "./events.js"
export { DEFAULT_LANG, formatDateTime, LANGS, resolveLang, translate, type Lang, type MessageKey } from "./i18n/i18n.js"
export { messages } from "./i18n/messages.js"
export { OrgElement } from "./lib/org-element.js"
export { summarizeUserAgent } from "./lib/user-agent.js"
export { OrgAccount } from "./elements/org-account.js"
export { OrgAdmin, type AdminTab } from "./elements/org-admin.js"
export { OrgAdminApiKeys } from "./elements/org-admin-api-keys.js"
export { OrgAdminGroups } from "./elements/org-admin-groups.js"
export { OrgAdminInvitations } from "./elements/org-admin-invitations.js"
export { OrgAdminUserEdit } from "./elements/org-admin-user-edit.js"
export { OrgAdminUsers } from "./elements/org-admin-users.js"
export { OrgCaseList } from "./elements/org-case-list.js"
export { CaseListOpenEvent, DEFAULT_CASE_LIST_FILTERS, type CaseListFilters } from "./elements/org-case-list.js"
export { OrgCaseDashboard, type CaseDashboardFilters } from "./elements/org-case-dashboard.js"
export { OrgDictionaryEditor, PARTNERS, ReferenceChangeEvent } from "./elements/org-dictionary-editor.js"
export * as caseDesk from "./api/case-desk.js"
export { OrgCaseCard, type CaseCardTab } from "./elements/org-case-card.js"
export { OrgCaseFields, type CaseFieldsDraft } from "./elements/org-case-fields.js"
export { OrgCaseApplicant } from "./elements/org-case-applicant.js"
export { OrgCaseScript } from "./elements/org-case-script.js"
export { OrgCaseServices } from "./elements/org-case-services.js"
export { OrgCaseChat } from "./elements/org-case-chat.js"
export { OrgCaseHistory } from "./elements/org-case-history.js"
export { OrgCaseCreate } from "./elements/org-case-create.js"
export { OrgDictionarySelect } from "./elements/org-dictionary-select.js"
export { OrgCopyButton } from "./elements/org-copy-button.js"
export { CaseOpenEvent } from "./events.js"
export { CaseCreateCancelEvent, CaseUpdatedEvent, UnfilledFieldsEvent, ValuePickEvent, type UnfilledItem } from "./case-card-events.js"
export * as caseCard from "./api/case-card.js"
export { OrgConsole, type ConsoleView } from "./elements/org-console.js"
export { OrgCopyField } from "./elements/org-copy-field.js"
export { OrgInviteAccept } from "./elements/org-invite-accept.js"
export { OrgLangSwitch } from "./elements/org-lang-switch.js"
export { OrgLogin, type LoginNotice } from "./elements/org-login.js"
export { OrgTopBar, type HealthLevel } from "./elements/org-top-bar.js"
export { OrgSoftphone, type ContactLookup } from "./elements/org-softphone.js"
export { CallAnsweredEvent, CallEndedEvent, CallRingingEvent, SoftphoneStatusEvent, type SoftphoneCallInfo } from "./lib/softphone-events.js"
export type { CallEndReason, CallSnapshot, EngineStatus, SoftphoneEngine, SoftphoneEngineFactory } from "./lib/softphone-engine.js"
export { cleanNumber, type NationalFormat } from "./lib/softphone-numbers.js"
export * as softphone from "./api/softphone.js"
export { OrgTelephonyAccounts, type SipAccountStatusFilter } from "./elements/org-telephony-accounts.js"
export { OrgTelephonyExtensions } from "./elements/org-telephony-extensions.js"
export { OrgTelephonyCalls, DEFAULT_CALL_FILTERS, type CallFilters } from "./elements/org-telephony-calls.js"
export { OrgTelephonyAccountEdit, SipAccountChangedEvent, SipAccountDeletedEvent } from "./elements/org-telephony-account-edit.js"
export { OrgTelephonyMembers } from "./elements/org-telephony-members.js"
export * as telephony from "./api/telephony.js"

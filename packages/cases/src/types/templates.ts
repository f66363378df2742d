/**
 * The three case types a tenant can install and then edit: roadside
 * assistance, a hotline appeal, an equipment service ticket.
 */
import type { CaseTypeDef } from "./definition"

const t = (ru: string, en: string) => ({ ru, en })

export const roadsideTemplate: CaseTypeDef = {
  key: "roadside",
  name: t("Помощь на дороге", "Roadside assistance"),
  numberFormat: "RA-{YY}{MM}-{SEQ:5}",
  fields: [
    { key: "fault", label: t("Неисправность со слов клиента", "Fault as told by the client"), kind: "text", group: "case", requiredOnCreate: true },
    { key: "caller", label: t("Звонящий", "Caller"), kind: "text", group: "applicant", fromApplicant: true },
    { key: "contact_phone", label: t("Контактный телефон", "Contact phone"), kind: "phone", group: "applicant", requiredOnCreate: true, fromApplicant: true },
    { key: "contact_phone_2", label: t("Доп. телефон", "Second phone"), kind: "phone", group: "applicant" },
    { key: "plate", label: t("Госномер", "Plate"), kind: "plate", group: "vehicle" },
    { key: "vin", label: t("VIN", "VIN"), kind: "vin", group: "vehicle" },
    { key: "make", label: t("Марка", "Make"), kind: "dictionary", dictionary: "makes", group: "vehicle" },
    { key: "model", label: t("Модель", "Model"), kind: "dictionary", dictionary: "models", group: "vehicle" },
    { key: "purchase_date", label: t("Дата покупки", "Purchase date"), kind: "date", group: "vehicle" },
    { key: "mileage", label: t("Пробег, км", "Mileage, km"), kind: "number", group: "vehicle" },
    { key: "contract", label: t("Договор", "Contract"), kind: "text", group: "program" },
    { key: "program", label: t("Программа", "Program"), kind: "dictionary", dictionary: "programs", group: "program" },
    { key: "city", label: t("Ближайший город", "Nearest city"), kind: "dictionary", dictionary: "cities", group: "location" },
    { key: "breakdown_address", label: t("Адрес поломки", "Breakdown address"), kind: "address", group: "location" },
  ],
  states: [
    { key: "new", label: t("Новое", "New"), category: "open", initial: true },
    { key: "in_progress", label: t("В работе", "In progress"), category: "open" },
    { key: "waiting_partner", label: t("Ожидание партнёра", "Waiting for the partner"), category: "paused" },
    { key: "completed", label: t("Выполнено", "Completed"), category: "resolved" },
    { key: "cancelled", label: t("Отменено", "Cancelled"), category: "resolved" },
  ],
  transitions: [
    { from: ["new"], to: "in_progress", label: t("Взять в работу", "Start work") },
    { from: ["in_progress"], to: "waiting_partner", label: t("Ждём партнёра", "Wait for the partner"),
      requires: ["plate", "make", "model", "program", "city", "breakdown_address"] },
    { from: ["waiting_partner"], to: "in_progress", label: t("Продолжить", "Resume") },
    { from: ["in_progress", "waiting_partner"], to: "completed", label: t("Выполнено", "Complete"),
      requires: ["plate", "vin", "make", "model", "program", "contract", "city", "breakdown_address"] },
    { from: ["new", "in_progress", "waiting_partner"], to: "cancelled", label: t("Отменить", "Cancel") },
    { from: ["completed", "cancelled"], to: "in_progress", label: t("Вернуть в работу", "Reopen"), roles: ["supervisor"] },
  ],
  handOff: { requires: ["caller", "contact_phone", "plate", "make", "model", "program", "contract", "city", "breakdown_address"] },
}

export const hotlineTemplate: CaseTypeDef = {
  key: "hotline",
  name: t("Обращение на горячую линию", "Hotline appeal"),
  numberFormat: "{MMM}{DD}_{TYPE}_{SEQ:3}",
  fields: [
    { key: "reason", label: t("Причина обращения", "Reason"), kind: "dictionary", dictionary: "reasons", group: "case", requiredOnCreate: true, changeFlag: "reason_changed" },
    { key: "source", label: t("Источник", "Source"), kind: "dictionary", dictionary: "appeal_sources", group: "case" },
    { key: "full_name", label: t("ФИО", "Full name"), kind: "text", group: "applicant", fromApplicant: true },
    { key: "phone", label: t("Телефон", "Phone"), kind: "phone", group: "applicant", requiredOnCreate: true, fromApplicant: true },
    { key: "birth_date", label: t("Дата рождения", "Birth date"), kind: "date", group: "applicant", fromApplicant: true },
    { key: "policy", label: t("Полис ОМС", "Health insurance policy"), kind: "oms_policy", group: "applicant", fromApplicant: true },
    { key: "snils", label: t("СНИЛС", "SNILS"), kind: "snils", group: "applicant", fromApplicant: true },
    { key: "health_notes", label: t("Особенности здоровья", "Health notes"), kind: "text", group: "applicant", fromApplicant: true },
    { key: "home_address", label: t("Домашний адрес", "Home address"), kind: "address", group: "applicant", fromApplicant: true },
    { key: "emergency_contacts", label: t("Экстренные контакты", "Emergency contacts"), kind: "text", group: "applicant", fromApplicant: true },
    { key: "location", label: t("Местоположение при обращении", "Location at the time of the appeal"), kind: "address", group: "case" },
    { key: "description", label: t("Суть обращения", "Description"), kind: "text", group: "case" },
    { key: "resolution", label: t("Результат", "Resolution"), kind: "text", group: "case" },
  ],
  states: [
    { key: "new", label: t("Новое", "New"), category: "open", initial: true },
    { key: "in_work", label: t("В работе", "In work"), category: "open" },
    { key: "registered", label: t("Зарегистрировано", "Registered"), category: "paused" },
    { key: "rejected", label: t("Отклонено", "Rejected"), category: "resolved" },
    { key: "completed", label: t("Выполнено", "Completed"), category: "resolved" },
    { key: "closed_by_user", label: t("Закрыто пользователем", "Closed by user"), category: "resolved" },
  ],
  transitions: [
    { from: ["new"], to: "in_work", label: t("Взять в работу", "Take") },
    { from: ["new", "in_work"], to: "registered", label: t("Зарегистрировать", "Register"), requires: ["full_name", "description"], notifyApplicant: true },
    { from: ["registered"], to: "in_work", label: t("В работу", "Back to work") },
    { from: ["new", "in_work", "registered"], to: "rejected", label: t("Отклонить", "Reject"), requires: ["resolution"], notifyApplicant: true },
    { from: ["in_work", "registered"], to: "completed", label: t("Выполнено", "Complete"), requires: ["full_name", "description", "resolution"], notifyApplicant: true },
    { from: ["new", "in_work", "registered"], to: "closed_by_user", label: t("Закрыто пользователем", "Closed by user") },
    { from: ["rejected", "completed", "closed_by_user"], to: "in_work", label: t("Вернуть в работу", "Reopen"), roles: ["supervisor"] },
  ],
  flags: [
    { key: "attention", label: t("Внимание!", "Attention!"), color: "#facc15" },
    { key: "reason_changed", label: t("Причина изменена", "Reason changed"), color: "#93c5fd" },
  ],
}

export const equipmentTemplate: CaseTypeDef = {
  key: "equipment",
  name: t("Заявка на обслуживание оборудования", "Equipment service ticket"),
  numberFormat: "SR-{YYYY}-{SEQ:6}",
  fields: [
    { key: "client", label: t("Клиент", "Client"), kind: "dictionary", dictionary: "clients", group: "case", requiredOnCreate: true },
    { key: "point_of_sale", label: t("Точка продаж", "Point of sale"), kind: "dictionary", dictionary: "points_of_sale", group: "case" },
    { key: "equipment", label: t("Оборудование", "Equipment"), kind: "dictionary", dictionary: "equipment", group: "case", requiredOnCreate: true },
    { key: "region", label: t("Регион", "Region"), kind: "dictionary", dictionary: "regions", group: "case" },
    { key: "applicant_name", label: t("Заявитель", "Applicant"), kind: "text", group: "applicant", fromApplicant: true },
    { key: "applicant_phone", label: t("Телефон заявителя", "Applicant's phone"), kind: "phone", group: "applicant", fromApplicant: true },
    { key: "reason", label: t("Причина", "Reason"), kind: "dictionary", dictionary: "reasons", group: "case", requiredOnCreate: true },
    { key: "executor", label: t("Исполнитель", "Executor"), kind: "person", group: "work" },
    { key: "priority", label: t("Приоритет", "Priority"), kind: "dictionary", dictionary: "priorities", group: "work" },
    { key: "planned_end", label: t("Плановое окончание", "Planned end"), kind: "date", group: "work" },
    { key: "works", label: t("Работы и запчасти", "Works and parts"), kind: "text", group: "work" },
    { key: "external_number", label: t("Внешний номер заявки", "External ticket number"), kind: "text", group: "case" },
  ],
  states: [
    { key: "new", label: t("Новая", "New"), category: "open", initial: true },
    { key: "assigned", label: t("Назначена", "Assigned"), category: "open" },
    { key: "in_work", label: t("В работе", "In work"), category: "open" },
    { key: "waiting_parts", label: t("Ожидание запчастей", "Waiting for parts"), category: "paused" },
    { key: "done", label: t("Выполнена", "Done"), category: "resolved" },
    { key: "closed", label: t("Закрыта", "Closed"), category: "resolved" },
  ],
  transitions: [
    { from: ["new"], to: "assigned", label: t("Назначить", "Assign"), requires: ["executor", "priority"], roles: ["supervisor", "operator"] },
    { from: ["assigned"], to: "in_work", label: t("Начать", "Start"), roles: ["mechanic", "supervisor"] },
    { from: ["in_work"], to: "waiting_parts", label: t("Ждём запчасти", "Wait for parts"), requires: ["works"] },
    { from: ["waiting_parts"], to: "in_work", label: t("Продолжить", "Resume") },
    { from: ["in_work"], to: "done", label: t("Выполнено", "Done"), requires: ["works"], roles: ["mechanic", "supervisor"] },
    { from: ["done"], to: "closed", label: t("Закрыть", "Close"), roles: ["supervisor", "operator"] },
    { from: ["done", "closed"], to: "in_work", label: t("Вернуть в работу", "Reopen"), roles: ["supervisor"] },
  ],
}

export const caseTypeTemplates = [roadsideTemplate, hotlineTemplate, equipmentTemplate] as const

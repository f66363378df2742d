/**
 * The scripts a tenant can install: the roadside intake (for the roadside
 * case type) and the hotline intake (for the hotline type). Installed copies
 * are then edited like any other script.
 */
import type { ScriptDefinition, ScriptTemplateKey, ScriptText } from "./api"

const t = (ru: string, en: string): ScriptText => ({ ru, en })
const yes = (next?: string) => ({ value: "yes", label: t("Да", "Yes"), ...(next ? { next } : {}) })
const no = (next?: string) => ({ value: "no", label: t("Нет", "No"), ...(next ? { next } : {}) })

export interface ScriptTemplate {
  readonly key: ScriptTemplateKey
  /** the case type it is written for */
  readonly typeKey: string
  readonly name: ScriptText
  readonly definition: ScriptDefinition
}

export const roadsideIntake: ScriptTemplate = {
  key: "roadside_intake",
  typeKey: "roadside",
  name: t("Приём заявки: помощь на дороге", "Roadside assistance intake"),
  definition: {
    start: "caller",
    questions: [
      { id: "caller", kind: "text", writeTo: "caller", required: true, next: "contact_phone",
        text: t("Представьтесь, пожалуйста. Как к вам обращаться?", "May I have your name, please?") },
      { id: "contact_phone", kind: "phone", writeTo: "contact_phone", required: true, next: "injured",
        text: t("По какому номеру с вами связаться?", "Which number can we reach you on?"),
        hint: t("Уточните номер, даже если он определился", "Confirm the number even if it was recognised") },
      { id: "injured", kind: "yes_no", required: true, next: "location",
        text: t("Есть ли пострадавшие?", "Is anyone injured?"),
        options: [yes("call_112"), no("location")] },
      { id: "call_112", kind: "info", next: "location",
        text: t(
          "Вызовите экстренные службы по номеру 112 и сообщите звонящему, что помощь вызвана. Затем продолжайте.",
          "Call the emergency services on 112 and tell the caller help is on its way. Then continue.",
        ) },
      { id: "location", kind: "choice", required: true, next: "fault",
        text: t("Где находится автомобиль?", "Where is the car?"),
        options: [
          { value: "road", label: t("На дороге", "On a road"), next: "road_safety" },
          { value: "yard", label: t("Во дворе", "In a yard") },
          { value: "parking", label: t("На парковке", "In a car park") },
          { value: "service", label: t("В сервисе или на мойке", "At a garage or car wash") },
        ] },
      { id: "road_safety", kind: "info", next: "fault",
        text: t(
          "Попросите включить аварийную сигнализацию, выставить знак аварийной остановки и ждать за ограждением, не в машине.",
          "Ask the caller to switch on the hazard lights, put out the warning triangle and wait behind the barrier, not in the car.",
        ) },
      { id: "fault", kind: "text", writeTo: "fault", required: true, next: "plate",
        text: t("Что случилось с автомобилем?", "What happened to the car?") },
      { id: "plate", kind: "text", writeTo: "plate", next: "vin",
        text: t("Назовите госномер автомобиля", "What is the car's plate number?") },
      { id: "vin", kind: "text", writeTo: "vin", next: "make",
        text: t("Назовите VIN (17 знаков, есть в СТС)", "What is the VIN (17 characters, on the registration certificate)?") },
      { id: "make", kind: "dictionary", writeTo: "make", next: "model", text: t("Марка автомобиля", "Make of the car") },
      { id: "model", kind: "dictionary", writeTo: "model", next: "program", text: t("Модель автомобиля", "Model of the car") },
      { id: "program", kind: "dictionary", writeTo: "program", next: "contract",
        text: t("По какой программе помощи обслуживается автомобиль?", "Which assistance program covers the car?") },
      { id: "contract", kind: "text", writeTo: "contract", next: "city",
        text: t("Номер договора или карты помощи", "Contract or assistance card number") },
      { id: "city", kind: "dictionary", writeTo: "city", next: "breakdown_address",
        text: t("Ближайший к месту поломки город", "The nearest city to the breakdown") },
      { id: "breakdown_address", kind: "text", writeTo: "breakdown_address", required: true, next: "summary",
        text: t("Точный адрес или ориентиры места поломки", "The exact address or landmarks of the breakdown") },
      { id: "summary", kind: "info", next: null,
        text: t(
          "Повторите звонящему госномер, адрес и контактный телефон, назовите номер обращения и переведите его в работу.",
          "Read the plate, address and contact phone back to the caller, give the case number and start work on the case.",
        ) },
    ],
  },
}

export const hotlineIntake: ScriptTemplate = {
  key: "hotline_intake",
  typeKey: "hotline",
  name: t("Приём обращения на горячую линию", "Hotline appeal intake"),
  definition: {
    start: "full_name",
    questions: [
      { id: "full_name", kind: "text", writeTo: "full_name", required: true, next: "phone",
        text: t("Назовите, пожалуйста, ваши фамилию, имя и отчество", "Your full name, please") },
      { id: "phone", kind: "phone", writeTo: "phone", required: true, next: "urgent",
        text: t("По какому номеру вам перезвонить?", "Which number can we call you back on?") },
      { id: "urgent", kind: "yes_no", required: true, next: "reason",
        text: t("Есть ли прямо сейчас угроза жизни или здоровью?", "Is anyone's life or health in danger right now?"),
        options: [yes("emergency"), no("reason")] },
      { id: "emergency", kind: "info", next: "location",
        text: t(
          "Переключите звонящего на 112 или вызовите экстренные службы сами. Затем уточните местоположение.",
          "Transfer the caller to 112 or call the emergency services yourself. Then ask where the caller is.",
        ) },
      { id: "location", kind: "text", writeTo: "location", required: true, next: "reason",
        text: t("Где вы сейчас находитесь?", "Where are you right now?") },
      { id: "reason", kind: "dictionary", writeTo: "reason", required: true, next: "description",
        text: t("Причина обращения", "Reason for the call") },
      { id: "description", kind: "text", writeTo: "description", required: true, next: "has_policy",
        text: t("Расскажите, что случилось", "Tell me what happened") },
      { id: "has_policy", kind: "yes_no", next: "birth_date",
        text: t("Есть ли у вас полис ОМС?", "Do you have a health insurance (OMS) policy?"),
        options: [yes("policy"), no("birth_date")] },
      { id: "policy", kind: "text", writeTo: "policy", next: "birth_date",
        text: t("Назовите номер полиса ОМС (16 цифр)", "The policy number (16 digits)") },
      { id: "birth_date", kind: "date", writeTo: "birth_date", next: "home_address",
        text: t("Ваша дата рождения", "Your date of birth") },
      { id: "home_address", kind: "text", writeTo: "home_address", next: "summary",
        text: t("Ваш домашний адрес", "Your home address") },
      { id: "summary", kind: "info", next: null,
        text: t(
          "Назовите номер обращения и срок ответа, спросите, остались ли вопросы.",
          "Give the case number and when to expect an answer; ask whether there is anything else.",
        ) },
    ],
  },
}

export const scriptTemplates: readonly ScriptTemplate[] = [roadsideIntake, hotlineIntake]

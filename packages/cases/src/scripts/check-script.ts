/**
 * Consistency of a script against its case type, beyond its shape: unique
 * question ids, `start` and every `next` pointing at a question, answers
 * written to fields the type has (and can hold), dictionaries named, choices
 * with options, and every question reachable from the start. Every problem
 * is returned with its path (definition.questions.3.options.1.next …).
 */
import type { FieldIssue } from "@org/core"
import type { CaseTypeDef, FieldKind } from "../types"
import type { ScriptDefinition, ScriptQuestion, ScriptQuestionKind } from "./api"

const issue = (path: string, en: string, ru: string): FieldIssue => ({ path: `definition.${path}`, en, ru })

/** The field kinds each question kind can write to (the field's kind then checks the answer). */
export const writableKinds: Record<ScriptQuestionKind, readonly FieldKind[]> = {
  text: ["text", "phone", "email", "vin", "plate", "oms_policy", "snils", "address", "date"],
  number: ["number"],
  date: ["date"],
  phone: ["phone"],
  dictionary: ["dictionary"],
  choice: ["text"],
  yes_no: ["text"],
  info: [],
}

/** Where a question can lead: its options' `next`, then its own. */
export const exitsOf = (q: ScriptQuestion): string[] =>
  [...(q.options ?? []).map((o) => o.next), q.next].filter((n): n is string => typeof n === "string")

export const checkScript = (def: ScriptDefinition, type: CaseTypeDef): FieldIssue[] => {
  const problems: FieldIssue[] = []
  const ids = def.questions.map((q) => q.id)
  const known = new Set(ids)
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) problems.push(issue(`questions.${i}.id`, `Question "${id}" is defined twice`, `Вопрос «${id}» задан дважды`))
  })
  const unknown = (path: string, id: string) => problems.push(issue(path, `No question "${id}" in the script`, `В сценарии нет вопроса «${id}»`))
  if (!known.has(def.start)) unknown("start", def.start)

  def.questions.forEach((q, i) => {
    const at = `questions.${i}`
    if (typeof q.next === "string" && !known.has(q.next)) unknown(`${at}.next`, q.next)
    const options = q.options ?? []
    if (q.kind === "choice" && options.length === 0) {
      problems.push(issue(`${at}.options`, "A choice question needs options", "У вопроса с выбором должны быть варианты ответа"))
    }
    if (options.length && q.kind !== "choice" && q.kind !== "yes_no") {
      problems.push(issue(`${at}.options`, "Only choice and yes/no questions have options", "Варианты ответа бывают только у вопросов с выбором и «да/нет»"))
    }
    const values = options.map((o) => o.value)
    options.forEach((o, j) => {
      if (values.indexOf(o.value) !== j) {
        problems.push(issue(`${at}.options.${j}.value`, `Option "${o.value}" is given twice`, `Вариант «${o.value}» задан дважды`))
      }
      if (q.kind === "yes_no" && o.value !== "yes" && o.value !== "no") {
        problems.push(issue(`${at}.options.${j}.value`, 'A yes/no option is "yes" or "no"', "Вариант вопроса «да/нет» — \"yes\" или \"no\""))
      }
      if (o.next !== undefined && !known.has(o.next)) unknown(`${at}.options.${j}.next`, o.next)
    })

    const field = q.writeTo === undefined ? undefined : type.fields.find((f) => f.key === q.writeTo)
    if (q.writeTo !== undefined) {
      if (q.kind === "info") {
        problems.push(issue(`${at}.writeTo`, "An info question has no answer to write", "У информационного вопроса нет ответа, который можно записать"))
      } else if (!field) {
        problems.push(issue(`${at}.writeTo`, `The case type "${type.key}" has no field "${q.writeTo}"`, `В типе обращения «${type.key}» нет поля «${q.writeTo}»`))
      } else if (!writableKinds[q.kind].includes(field.kind)) {
        problems.push(issue(`${at}.writeTo`,
          `A ${q.kind} answer cannot be written to the ${field.kind} field "${field.label.en}"`,
          `Ответ на вопрос вида «${q.kind}» нельзя записать в поле «${field.label.ru}» (${field.kind})`))
      }
    }
    if (q.kind === "dictionary") {
      const dictionary = q.dictionary ?? field?.dictionary
      if (!dictionary) {
        problems.push(issue(`${at}.dictionary`, "A dictionary question names its dictionary", "Для вопроса-справочника укажите справочник"))
      } else if (field?.dictionary && q.dictionary && field.dictionary !== q.dictionary) {
        problems.push(issue(`${at}.dictionary`,
          `The field "${field.label.en}" takes items of "${field.dictionary}", not "${q.dictionary}"`,
          `Поле «${field.label.ru}» принимает элементы справочника «${field.dictionary}», а не «${q.dictionary}»`))
      }
    } else if (q.dictionary !== undefined) {
      problems.push(issue(`${at}.dictionary`, "Only a dictionary question names a dictionary", "Справочник указывают только у вопроса-справочника"))
    }
  })

  // Reachability: walk from the start through every exit; whatever is left is dead text.
  if (known.has(def.start)) {
    const byId = new Map<string, ScriptQuestion>()
    for (const q of def.questions) if (!byId.has(q.id)) byId.set(q.id, q)
    const seen = new Set<string>([def.start])
    const queue = [def.start]
    while (queue.length) {
      for (const n of exitsOf(byId.get(queue.shift()!)!)) {
        if (known.has(n) && !seen.has(n)) {
          seen.add(n)
          queue.push(n)
        }
      }
    }
    def.questions.forEach((q, i) => {
      if (!seen.has(q.id) && ids.indexOf(q.id) === i) {
        problems.push(issue(`questions.${i}.id`, `Question "${q.id}" cannot be reached from the start`, `До вопроса «${q.id}» нельзя дойти от начала сценария`))
      }
    })
  }
  return problems
}

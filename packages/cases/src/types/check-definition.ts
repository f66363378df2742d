/**
 * Consistency of a case type beyond its shape: unique keys, exactly one
 * initial state, moves between known states, required fields that exist.
 * Returns every problem with a path, so an editor can point at it.
 */
import type { FieldIssue } from "@org/core"
import { tokensOf } from "./number-format"
import type { CaseTypeDef } from "./definition"

const issue = (path: string, en: string, ru: string): FieldIssue => ({ path, en, ru })

const duplicates = (keys: readonly string[]) => keys.filter((k, i) => keys.indexOf(k) !== i)

export const checkDefinition = (def: CaseTypeDef): FieldIssue[] => {
  const problems: FieldIssue[] = []
  const fieldKeys = def.fields.map((f) => f.key)
  const stateKeys = def.states.map((s) => s.key)
  for (const k of new Set(duplicates(fieldKeys))) {
    problems.push(issue(`fields.${fieldKeys.lastIndexOf(k)}.key`, `Field "${k}" is defined twice`, `Поле «${k}» задано дважды`))
  }
  for (const k of new Set(duplicates(stateKeys))) {
    problems.push(issue(`states.${stateKeys.lastIndexOf(k)}.key`, `State "${k}" is defined twice`, `Статус «${k}» задан дважды`))
  }
  const initial = def.states.filter((s) => s.initial)
  if (initial.length !== 1) {
    problems.push(issue("states", "Exactly one state must be initial", "Ровно один статус должен быть начальным"))
  }
  def.fields.forEach((f, i) => {
    if (f.kind === "dictionary" && !f.dictionary) {
      problems.push(issue(`fields.${i}.dictionary`, "A dictionary field names its dictionary", "Для поля-справочника укажите справочник"))
    }
  })
  def.fields.forEach((f, i) => {
    if (f.changeFlag && !(def.flags ?? []).some((fl) => fl.key === f.changeFlag)) {
      problems.push(issue(`fields.${i}.changeFlag`, `Unknown flag "${f.changeFlag}"`, `Неизвестная отметка «${f.changeFlag}»`))
    }
  })
  def.transitions.forEach((t, i) => {
    for (const [j, from] of t.from.entries()) {
      if (!stateKeys.includes(from)) problems.push(issue(`transitions.${i}.from.${j}`, `Unknown state "${from}"`, `Неизвестный статус «${from}»`))
    }
    if (!stateKeys.includes(t.to)) problems.push(issue(`transitions.${i}.to`, `Unknown state "${t.to}"`, `Неизвестный статус «${t.to}»`))
    for (const [j, f] of (t.requires ?? []).entries()) {
      if (!fieldKeys.includes(f)) problems.push(issue(`transitions.${i}.requires.${j}`, `Unknown field "${f}"`, `Неизвестное поле «${f}»`))
    }
  })
  for (const [j, f] of (def.handOff?.requires ?? []).entries()) {
    if (!fieldKeys.includes(f)) problems.push(issue(`handOff.requires.${j}`, `Unknown field "${f}"`, `Неизвестное поле «${f}»`))
  }
  const unknownTokens = tokensOf(def.numberFormat).filter((t) => !t.known).map((t) => t.text)
  if (unknownTokens.length || !def.numberFormat.includes("{SEQ")) {
    problems.push(issue("numberFormat",
      `The number format needs {SEQ} and only known tokens${unknownTokens.length ? `; unknown: ${unknownTokens.join(", ")}` : ""}`,
      `Формат номера должен содержать {SEQ} и только известные подстановки${unknownTokens.length ? `; неизвестные: ${unknownTokens.join(", ")}` : ""}`))
  }
  return problems
}

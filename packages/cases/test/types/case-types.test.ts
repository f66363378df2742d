import { describe, expect, test } from "bun:test"
import { Schema } from "effect"
import {
  CaseTypeDef, caseTypeTemplates, checkDefinition, checkMove, formatCaseNumber, hotlineTemplate, initialState,
  missingOnCreate, movesFrom, roadsideTemplate,
} from "../../src/types"

describe("templates", () => {
  test.each(caseTypeTemplates.map((t) => [t.key, t] as const))("%s decodes and is consistent", (_, template) => {
    expect(() => Schema.decodeUnknownSync(CaseTypeDef)(template)).not.toThrow()
    expect(checkDefinition(template)).toEqual([])
  })

  test("the hotline has the desk's statuses and the Attention flag", () => {
    expect(hotlineTemplate.states.map((s) => s.label.en)).toEqual(["New", "In work", "Registered", "Rejected", "Completed", "Closed by user"])
    expect(hotlineTemplate.flags?.[0]).toMatchObject({ key: "attention", label: { ru: "Внимание!" } })
  })
})

describe("checkDefinition", () => {
  test("lists every inconsistency with its path, in both languages", () => {
    const broken: CaseTypeDef = {
      ...roadsideTemplate,
      numberFormat: "{YYYY}-{NOPE}",
      fields: [...roadsideTemplate.fields, { key: "vin", label: { ru: "x", en: "x" }, kind: "text" }, { key: "town", label: { ru: "x", en: "x" }, kind: "dictionary" }],
      states: roadsideTemplate.states.map((s) => ({ ...s, initial: true })),
      transitions: [...roadsideTemplate.transitions, { from: ["limbo"], to: "heaven", requires: ["soul"] }],
    }
    const problems = checkDefinition(broken)
    expect(problems.map((p) => p.path)).toEqual([
      `fields.${roadsideTemplate.fields.length}.key`, "states", `fields.${roadsideTemplate.fields.length + 1}.dictionary`,
      `transitions.${roadsideTemplate.transitions.length}.from.0`, `transitions.${roadsideTemplate.transitions.length}.to`,
      `transitions.${roadsideTemplate.transitions.length}.requires.0`, "numberFormat",
    ])
    expect(problems[0]).toMatchObject({ en: 'Field "vin" is defined twice', ru: "Поле «vin» задано дважды" })
    expect(problems.at(-1)!.en).toContain("{NOPE}")
  })
})

describe("moves", () => {
  const filled = {
    plate: "А123ВС77", vin: "XTA21099012345678", make: "m", model: "m", program: "p", contract: "C-1", city: "c", breakdown_address: { text: "МКАД 41 км" },
  }

  test("a move not in the machine is refused with the allowed ones", () => {
    expect(checkMove(roadsideTemplate, { from: "new", to: "completed", roles: ["operator"], values: filled })).toEqual({
      ok: false, reason: "not_allowed", allowed: ["in_progress", "cancelled"],
    })
  })

  test("a move lists the fields it still needs", () => {
    const r = checkMove(roadsideTemplate, { from: "in_progress", to: "completed", roles: ["operator"], values: { plate: "А123ВС77", vin: "  ", make: null } })
    expect(r.ok).toBe(false)
    if (!r.ok && r.reason === "missing_fields") {
      expect(r.missing.map((f) => f.key)).toEqual(["vin", "make", "model", "contract", "program", "city", "breakdown_address"])
      expect(r.missing[0].label).toEqual({ ru: "VIN", en: "VIN" })
    } else throw new Error(`unexpected ${JSON.stringify(r)}`)
    expect(checkMove(roadsideTemplate, { from: "in_progress", to: "completed", roles: ["operator"], values: filled }).ok).toBe(true)
  })

  test("moves limited to roles: reopening needs a supervisor (admins always may)", () => {
    expect(checkMove(roadsideTemplate, { from: "completed", to: "in_progress", roles: ["operator"], values: {} })).toMatchObject({ ok: false, reason: "forbidden" })
    expect(checkMove(roadsideTemplate, { from: "completed", to: "in_progress", roles: ["supervisor"], values: {} }).ok).toBe(true)
    expect(checkMove(roadsideTemplate, { from: "completed", to: "in_progress", roles: ["admin"], values: {} }).ok).toBe(true)
    expect(movesFrom(roadsideTemplate, "completed", ["operator"])).toEqual([])
  })

  test("initial state and fields required on create", () => {
    expect(initialState(hotlineTemplate).key).toBe("new")
    expect(missingOnCreate(hotlineTemplate, { phone: "+79001234567" }).map((f) => f.key)).toEqual(["reason"])
  })
})

describe("case numbers", () => {
  test("the hotline's format gives Sep12_Information_002 in the tenant's time zone", () => {
    // 21:30 UTC on 11 September is already 12 September in Moscow
    const at = new Date("2026-09-11T21:30:00Z")
    expect(formatCaseNumber(hotlineTemplate.numberFormat, { at, timeZone: "Europe/Moscow", type: "Information", seq: 2 })).toBe("Sep12_Information_002")
    expect(formatCaseNumber(hotlineTemplate.numberFormat, { at, timeZone: "UTC", type: "Information", seq: 2 })).toBe("Sep11_Information_002")
    expect(formatCaseNumber("RA-{YY}{MM}-{SEQ:5}", { at, timeZone: "Europe/Moscow", type: "x", seq: 1234 })).toBe("RA-2609-01234")
    expect(formatCaseNumber("{SEQ}", { at, timeZone: "UTC", type: "x", seq: 123456 })).toBe("123456")
  })
})

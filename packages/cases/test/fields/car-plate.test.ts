import { describe, expect, test } from "bun:test"
import { CarPlate, normalisePlate, plateFormatsOf } from "../../src/fields/car-plate"
import { decoded, issue, issues } from "./helpers"

const formatError = issue(
  "Expected a registration plate like А123ВС77 or А123ВС777",
  "Ожидается госномер, например А123ВС77 или А123ВС777",
)
const lettersError = issue(
  "Plates use only the letters А, В, Е, К, М, Н, О, Р, С, Т, У, Х",
  "В госномерах используются только буквы А, В, Е, К, М, Н, О, Р, С, Т, У, Х",
)

describe("normalisePlate", () => {
  test("maps Latin look-alikes to Cyrillic and drops spaces, the region bar and RUS", () => {
    expect(normalisePlate("a123bc77")).toBe("А123ВС77")
    expect(normalisePlate(" А 123 ВС | 77 RUS ")).toBe("А123ВС77")
    expect(normalisePlate("х777хх177 rus")).toBe("Х777ХХ177")
    expect(normalisePlate("AMOPTYXEKHBC")).toBe("АМОРТУХЕКНВС")
  })
})

describe("CarPlate schema", () => {
  test("private cars, with two- and three-digit regions", () => {
    expect(decoded(CarPlate, "А123ВС77")).toBe("А123ВС77")
    expect(decoded(CarPlate, "А123ВС777")).toBe("А123ВС777")
    expect(decoded(CarPlate, "o001oo199")).toBe("О001ОО199")
    expect(decoded(CarPlate, "К 456 МН 02")).toBe("К456МН02")
    expect(plateFormatsOf("А123ВС77")).toEqual(["private"])
  })

  test("a Latin-typed plate decodes to the same Cyrillic value as a Cyrillic one", () => {
    expect(decoded(CarPlate, "A123BC77")).toBe(decoded(CarPlate, "А123ВС77"))
  })

  test("taxis, trailers and motorcycles", () => {
    expect(decoded(CarPlate, "ав12377")).toBe("АВ12377")
    expect(plateFormatsOf("АВ12377")).toEqual(["taxi"])
    expect(decoded(CarPlate, "АВ1234 77")).toBe("АВ123477")
    // Taxi with a three-digit region and trailer with a two-digit one look the same.
    expect(plateFormatsOf("АВ123477")).toEqual(["taxi", "trailer"])
    expect(decoded(CarPlate, "1234 АВ 50")).toBe("1234АВ50")
    expect(plateFormatsOf("1234АВ50")).toEqual(["motorcycle"])
  })

  test("letters that plates never use are errors", () => {
    expect(issues(CarPlate, "Б123ВГ77")).toEqual(lettersError)
    expect(issues(CarPlate, "D123BC77")).toEqual(lettersError)
    expect(issues(CarPlate, "Я123ВС77")).toEqual(lettersError)
  })

  test("wrong shapes, region 00 and number 000 are errors", () => {
    for (const bad of ["А12ВС77", "А1234ВС77", "А123ВС7", "А123ВС7777", "А123ВС00", "А000ВС77", "123ВС77", "А123В77", "", "А123ВС77!"]) {
      expect(issues(CarPlate, bad)).toEqual(formatError)
    }
  })
})

/**
 * Money in a case (service costs, compensations): integer minor units plus
 * an ISO 4217 code, never a float, so sums and reports are exact. Operators
 * type amounts the Russian way ("1 234,56") or the English way ("1234.56");
 * both are read, and an amount with more decimals than the currency has is
 * an error rather than a silent rounding.
 */
import { Result, Schema, SchemaGetter } from "effect"
import { type FieldMessage, fieldMessage } from "./support"

const messages = {
  format: fieldMessage("Expected an amount like 1 234,56", "Ожидается сумма, например 1 234,56"),
  tooLarge: fieldMessage("The amount is too large", "Слишком большая сумма"),
  currency: fieldMessage("Expected a currency code like RUB, USD or EUR", "Ожидается код валюты, например RUB, USD или EUR"),
}

/** A three-letter ISO 4217 code such as "RUB", "USD", "EUR". */
export const CurrencyCode = Schema.String.check(Schema.isPattern(/^[A-Z]{3}$/, { message: messages.currency.en }))
export type CurrencyCode = typeof CurrencyCode.Type

/** An amount in minor units (kopecks, cents; may be negative) and its currency. */
export const Money = Schema.Struct({
  amount: Schema.Int,
  currency: CurrencyCode,
})
export type Money = typeof Money.Type

// ISO 4217 currencies whose minor unit is not 2 decimal places; every other code has 2.
const minorUnitExceptions: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0,
  UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
}

/** How many decimal places `currency` has (RUB 2, JPY 0, KWD 3). */
export const minorUnits = (currency: string): number => minorUnitExceptions[currency] ?? 2

const tooManyDecimals = (currency: string, digits: number): FieldMessage =>
  digits === 0
    ? fieldMessage(`Amounts in ${currency} have no fractional part`, `Сумма в ${currency} не может быть дробной`)
    : fieldMessage(
      `Amounts in ${currency} have at most ${digits} decimal places`,
      `Сумма в ${currency} может иметь не больше ${digits} знаков после запятой`,
    )

// Spaces people and spreadsheets put between thousands: space, no-break space, narrow no-break space, thin space.
const groupSeparator = /[ \u00a0\u202f\u2009]/g
const amountShape = /^([+\-\u2212]?)\s*(\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+)(?:[.,](\d+))?$/

/**
 * Reads an amount as typed — "1 234,56", "1234.56", "-15", "1 000 000" — in
 * `currency`: a comma or a dot before the decimals, spaces only between
 * groups of three digits, at most as many decimals as the currency has.
 */
export const parseMoney = (text: string, currency: string): Result.Result<Money, FieldMessage> => {
  if (!/^[A-Z]{3}$/.test(currency)) return Result.fail(messages.currency)
  const m = amountShape.exec(text.trim())
  if (!m) return Result.fail(messages.format)
  const [, sign, whole, fraction = ""] = m
  const digits = minorUnits(currency)
  if (fraction.length > digits) return Result.fail(tooManyDecimals(currency, digits))
  const minor = BigInt(whole.replace(groupSeparator, "") + fraction.padEnd(digits, "0"))
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return Result.fail(messages.tooLarge)
  const amount = Number(minor)
  return Result.succeed({ amount: sign === "" || sign === "+" || amount === 0 ? amount : -amount, currency })
}

/** The amount as a plain decimal string in major units: { amount: -123456, currency: "RUB" } → "-1234.56". */
export const moneyToDecimal = (money: Money): string => {
  const digits = minorUnits(money.currency)
  const abs = String(Math.abs(money.amount)).padStart(digits + 1, "0")
  const whole = abs.slice(0, abs.length - digits)
  const sign = money.amount < 0 ? "-" : ""
  return digits === 0 ? sign + whole : `${sign}${whole}.${abs.slice(abs.length - digits)}`
}

/** Money for people to read, in `locale`: formatMoney({ amount: 123456, currency: "RUB" }, "ru-RU") → "1 234,56 ₽". */
export const formatMoney = (money: Money, locale?: string): string => {
  const digits = minorUnits(money.currency)
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: money.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(money.amount / 10 ** digits)
}

/**
 * An amount typed as text in a fixed currency (the case type says which);
 * decodes to Money and encodes back to a plain decimal ("1234.56").
 */
export const MoneyFromText = (currency: string) =>
  Schema.String.check(Schema.makeFilter((text: string) => {
    const parsed = parseMoney(text, currency)
    return Result.isFailure(parsed) ? parsed.failure.en : undefined
  })).pipe(
    Schema.decodeTo(Money, {
      decode: SchemaGetter.transform((text: string) => Result.getOrThrow(parseMoney(text, currency))),
      encode: SchemaGetter.transform(moneyToDecimal),
    }),
  )

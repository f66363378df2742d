/**
 * Setup of the case desk for the `*.real.wtr.ts` tests of the list, the reference books and the
 * dashboard: the starter reference books and the hotline / roadside case types on the real
 * server (both safe to repeat: other files may have done it already), and words no other test
 * uses, so that a search finds only this test's cases.
 */
import { api, signIn, signOut } from "./real-server.js"

export interface DictionaryItem {
  readonly id: string
  readonly code: string | null
  readonly label: { ru: string; en: string }
  readonly parentId: string | null
  readonly version: number
}

/** A word of latin letters nobody else has used (a full-text search finds it as a whole word). */
export function uniqueWord(prefix = "w"): string {
  const letters = "bcdfghjklmnpqrstvwxz"
  let word = prefix
  for (let i = 0; i < 9; i++) word += letters[Math.floor(Math.random() * letters.length)]
  return word
}

/** Seeds the reference books and installs the hotline and roadside types (as admin); signs out. */
export async function prepareDesk(): Promise<void> {
  await signIn("admin")
  try {
    const seeded = await api("POST", "/api/v1/cases/reference/seed", {})
    if (seeded.status !== 200 && seeded.status !== 201) throw new Error(`seed: ${seeded.status} ${JSON.stringify(seeded.body)}`)
    for (const template of ["hotline", "roadside"]) {
      const installed = await api("POST", "/api/v1/cases/types/install", { template })
      if (installed.status !== 201 && installed.status !== 409) throw new Error(`install ${template}: ${installed.status} ${JSON.stringify(installed.body)}`)
    }
  } finally {
    await signOut()
  }
}

/** Items of a dictionary (with this page's session). */
export async function items(key: string, query = ""): Promise<DictionaryItem[]> {
  const { status, body } = await api<{ items: DictionaryItem[] }>("GET", `/api/v1/cases/reference/dictionaries/${key}/items?limit=200${query}`)
  if (status !== 200) throw new Error(`items of ${key}: ${status}`)
  return body.items
}

/** Opens a hotline case (reason and phone are required on create) with this page's session. */
export async function hotlineCase(title: string, extra: { flags?: string[]; phone?: string } = {}): Promise<{ id: string; number: string }> {
  const reason = (await items("reasons"))[0]!
  const { status, body } = await api<{ id: string; number: string }>("POST", "/api/v1/cases", {
    title,
    type: "hotline",
    applicantPhone: extra.phone ?? "+79035550000",
    values: { reason: reason.id, phone: extra.phone ?? "+79035550000" },
    ...(extra.flags ? { flags: extra.flags } : {}),
  })
  if (status !== 201) throw new Error(`hotline case: ${status} ${JSON.stringify(body)}`)
  return body
}

/** Texts of the case list filters, <org-dictionary-editor> and <org-case-dashboard>, in Russian and English (merged into messages.ts). */

export const caseDeskRu = {
} as const

export const caseDeskEn: Record<keyof typeof caseDeskRu, string> = {
}

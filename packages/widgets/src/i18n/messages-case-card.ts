/** Texts of the case card (<org-case-card>) and the console's case workspace, in Russian and English (merged into messages.ts). */

export const caseCardRu = {
} as const

export const caseCardEn: Record<keyof typeof caseCardRu, string> = {
}

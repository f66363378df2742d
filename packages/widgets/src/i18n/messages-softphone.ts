/** Texts of the softphone (<org-softphone>), in Russian and English (merged into messages.ts; the softphone itself loads only its page's language). */
export { softphoneRu } from "./messages-softphone-ru.js"
export { softphoneEn } from "./messages-softphone-en.js"

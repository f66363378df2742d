/**
 * What a file really is, from its first bytes (magic numbers), not from what
 * the browser says: a renamed program stays a program. The client's type and
 * the file name only choose between formats that share a container (ZIP for
 * Office documents, OLE2 for old Office files, text for CSV).
 */

/** how many leading bytes `sniffContentType` looks at */
export const SNIFF_BYTES = 4096

export interface Sniffed {
  readonly contentType: string
  /** a program or script: refused whatever the allowed types say */
  readonly executable: boolean
}

const ascii = (b: Uint8Array, offset: number, text: string) => {
  if (b.length < offset + text.length) return false
  for (let i = 0; i < text.length; i++) if (b[offset + i] !== text.charCodeAt(i)) return false
  return true
}
const bytes = (b: Uint8Array, offset: number, expected: readonly number[]) =>
  b.length >= offset + expected.length && expected.every((x, i) => b[offset + i] === x)

const extensionOf = (name: string) => /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase() ?? ""

const OOXML: Record<string, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
const OOXML_DIRS: [string, string][] = [["word/", "docx"], ["xl/", "xlsx"], ["ppt/", "pptx"]]
const OLE2: Record<string, string> = { doc: "application/msword", xls: "application/vnd.ms-excel", ppt: "application/vnd.ms-powerpoint" }
const EXECUTABLE_ZIPS = new Set(["jar", "apk", "xpi", "appx", "msix", "war", "ear", "aab", "ipa"])

const executable = (contentType: string): Sniffed => ({ contentType, executable: true })
const file = (contentType: string): Sniffed => ({ contentType, executable: false })

const contains = (b: Uint8Array, text: string) => {
  const first = text.charCodeAt(0)
  for (let i = b.indexOf(first); i >= 0 && i <= b.length - text.length; i = b.indexOf(first, i + 1)) if (ascii(b, i, text)) return true
  return false
}

const zip = (head: Uint8Array, ext: string): Sniffed => {
  // OpenDocument: the first entry is "mimetype", stored uncompressed, holding the type itself.
  if (ascii(head, 30, "mimetype")) {
    const m = /^application\/vnd\.oasis\.opendocument\.[a-z.-]+/.exec(new TextDecoder().decode(head.subarray(38, 38 + 80)))
    if (m) return file(m[0])
  }
  if (EXECUTABLE_ZIPS.has(ext)) return executable("application/java-archive")
  if (contains(head, "META-INF/MANIFEST.MF") || contains(head, "classes.dex")) return executable("application/java-archive")
  // Office Open XML: a ZIP with [Content_Types].xml and word/, xl/ or ppt/ parts.
  for (const [dir, kind] of OOXML_DIRS) if (contains(head, dir)) return file(OOXML[kind])
  if (OOXML[ext] && contains(head, "[Content_Types].xml")) return file(OOXML[ext])
  if (OOXML[ext]) return file(OOXML[ext])
  return file("application/zip")
}

const isobmff = (head: Uint8Array, declared: string): Sniffed | undefined => {
  if (!ascii(head, 4, "ftyp")) return undefined
  const brand = new TextDecoder().decode(head.subarray(8, 12))
  if (["heic", "heix", "heim", "heis", "mif1", "msf1"].includes(brand)) return file("image/heic")
  if (brand === "avif" || brand === "avis") return file("image/avif")
  if (brand === "M4A " || brand === "M4B " || declared.startsWith("audio/")) return file("audio/mp4")
  if (brand === "qt  ") return file("video/quicktime")
  if (brand.startsWith("3g")) return file("video/3gpp")
  return file("video/mp4")
}

/** Plain text: valid UTF-8 without NULs or control characters other than tab, line and page breaks. */
const isText = (head: Uint8Array) => {
  for (const b of head) if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b)) return false
  try {
    // `stream: true` forgives a character cut in two at the end of the sample.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true })
    return true
  } catch {
    return false
  }
}

export const sniffContentType = (head: Uint8Array, name: string, declared: string | null): Sniffed => {
  const ext = extensionOf(name)
  const claimed = (declared ?? "").toLowerCase().split(";")[0].trim()
  const h = head

  // Programs first: whatever their name says.
  if (ascii(h, 0, "MZ")) return executable("application/vnd.microsoft.portable-executable")
  if (bytes(h, 0, [0x7f, 0x45, 0x4c, 0x46])) return executable("application/x-elf")
  if ([[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]].some((m) => bytes(h, 0, m))) {
    return executable("application/x-mach-binary")
  }
  if (ascii(h, 0, "#!")) return executable("text/x-shellscript")
  if (ascii(h, 0, "dex\n")) return executable("application/vnd.android.dex")
  if (bytes(h, 0, [0x00, 0x61, 0x73, 0x6d])) return executable("application/wasm")

  if (bytes(h, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return file("image/png")
  if (bytes(h, 0, [0xff, 0xd8, 0xff])) return file("image/jpeg")
  if (ascii(h, 0, "GIF87a") || ascii(h, 0, "GIF89a")) return file("image/gif")
  if (ascii(h, 0, "RIFF") && ascii(h, 8, "WEBP")) return file("image/webp")
  if (ascii(h, 0, "RIFF") && ascii(h, 8, "WAVE")) return file("audio/wav")
  if (ascii(h, 0, "RIFF") && ascii(h, 8, "AVI ")) return file("video/x-msvideo")
  // BMP: "BM", then the file size, then four reserved zero bytes (text starting "BM" does not have them).
  if (ascii(h, 0, "BM") && h.length >= 26 && bytes(h, 6, [0, 0, 0, 0])) return file("image/bmp")
  if (bytes(h, 0, [0x49, 0x49, 0x2a, 0x00]) || bytes(h, 0, [0x4d, 0x4d, 0x00, 0x2a])) return file("image/tiff")
  const iso = isobmff(h, claimed)
  if (iso) return iso
  if (ascii(h, 0, "%PDF-")) return file("application/pdf")
  if (ascii(h, 0, "{\\rtf")) return file("application/rtf")
  if (bytes(h, 0, [0x50, 0x4b, 0x03, 0x04])) return zip(h, ext)
  if (bytes(h, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    if (ext === "msi") return executable("application/x-msi")
    return file(OLE2[ext] ?? "application/x-ole-storage")
  }
  if (ascii(h, 0, "ID3")) return file("audio/mpeg")
  if (ascii(h, 0, "OggS")) return file("audio/ogg")
  if (ascii(h, 0, "fLaC")) return file("audio/flac")
  if (ascii(h, 0, "#!AMR")) return file("audio/amr")
  if (bytes(h, 0, [0x1a, 0x45, 0xdf, 0xa3])) return file(claimed === "audio/webm" ? "audio/webm" : "video/webm")
  if (ascii(h, 0, "Rar!") || bytes(h, 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) || bytes(h, 0, [0x1f, 0x8b])) return file("application/x-archive")
  // MPEG audio frames: 11 sync bits; layer bits 01 (III) or 10 (II). AAC (ADTS) has layer bits 00.
  if (h.length >= 2 && h[0] === 0xff && (h[1] & 0xe0) === 0xe0) {
    const layer = (h[1] >> 1) & 0x03
    if (layer === 0 && (h[1] & 0xf6) === 0xf0) return file("audio/aac")
    if (layer === 1 || layer === 2) return file("audio/mpeg")
  }
  if (h.length > 0 && isText(h)) {
    // Text is served as plain text whatever it claims (HTML, SVG, scripts never render from here).
    if (ext === "csv" || claimed === "text/csv") return file("text/csv")
    return file("text/plain")
  }
  return file("application/octet-stream")
}

/** Is `contentType` in `allowed` ("image/png", or "image/*" for a whole family)? */
export const typeAllowed = (contentType: string, allowed: readonly string[]) =>
  allowed.some((a) => a === contentType || (a.endsWith("/*") && contentType.startsWith(a.slice(0, -1))))

export const DEFAULT_ATTACHMENT_TYPES: readonly string[] = [
  "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/tiff", "image/heic", "image/avif",
  "application/pdf", "text/plain", "text/csv", "application/rtf",
  "application/msword", OOXML.docx, "application/vnd.ms-excel", OOXML.xlsx, "application/vnd.ms-powerpoint", OOXML.pptx,
  "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.presentation",
  "audio/mpeg", "audio/ogg", "audio/wav", "audio/mp4", "audio/aac", "audio/flac", "audio/amr", "audio/webm",
]

/**
 * A short, human name for a User-Agent string: "Chrome 131 · Windows", "Firefox 133 · Linux",
 * "Safari 17 · iOS", "curl 8.5". null when nothing is recognised.
 */
export function summarizeUserAgent(ua: string | null | undefined): string | null {
  if (!ua) return null
  const browser = browserOf(ua)
  const os = osOf(ua)
  const parts = [browser, os].filter((p): p is string => !!p)
  return parts.length ? parts.join(" · ") : null
}

const BROWSERS: readonly [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, "Edge"],
  [/\bYaBrowser\/(\d+)/, "Yandex Browser"],
  [/\b(?:OPR|Opera)\/(\d+)/, "Opera"],
  [/\bSamsungBrowser\/(\d+)/, "Samsung Internet"],
  [/\b(?:Firefox|FxiOS)\/(\d+)/, "Firefox"],
  [/\b(?:HeadlessChrome|Chrome|CriOS|Chromium)\/(\d+)/, "Chrome"],
  [/\bVersion\/(\d+)(?:\.\d+)*(?: Mobile\/\S+)? Safari\//, "Safari"],
  [/^curl\/([\d.]+)/, "curl"],
  [/^Bun\/([\d.]+)/, "Bun"],
  [/^node(?:-fetch)?(?:\/([\d.]+))?/i, "Node.js"],
]

function browserOf(ua: string): string | null {
  for (const [re, name] of BROWSERS) {
    const m = ua.match(re)
    if (m) return m[1] ? `${name} ${m[1]}` : name
  }
  return null
}

function osOf(ua: string): string | null {
  if (/Windows NT|Win64|Windows Phone/.test(ua)) return "Windows"
  if (/Android/.test(ua)) return "Android"
  if (/iPhone|iPad|iPod/.test(ua)) return "iOS"
  if (/CrOS/.test(ua)) return "ChromeOS"
  if (/Mac OS X|Macintosh/.test(ua)) return "macOS"
  if (/Linux|X11/.test(ua)) return "Linux"
  return null
}

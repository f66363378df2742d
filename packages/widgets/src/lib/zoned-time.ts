/**
 * `<input type="datetime-local">` values ("2025-11-21T14:05") read and written in a given IANA
 * time zone (the tenant's) rather than the browser's, so an operator in another zone still
 * types and sees the tenant's wall-clock times.
 */

function partsIn(date: Date, timeZone: string | undefined): Record<string, number> {
  const f = new Intl.DateTimeFormat("en-US", {
    ...(timeZone ? { timeZone } : {}),
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  })
  const out: Record<string, number> = {}
  for (const p of f.formatToParts(date)) if (p.type !== "literal") out[p.type] = Number(p.value)
  return out
}

/** Minutes the zone is ahead of UTC at `date`. */
function offsetMinutes(date: Date, timeZone: string | undefined): number {
  const p = partsIn(date, timeZone)
  const asUtc = Date.UTC(p["year"]!, p["month"]! - 1, p["day"]!, p["hour"]! % 24, p["minute"]!, p["second"]!)
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000)
}

/** ISO (UTC) → "YYYY-MM-DDTHH:mm" in `timeZone` (browser zone when undefined); "" for null. */
export function toLocalInput(iso: string | null | undefined, timeZone: string | undefined): string {
  if (!iso) return ""
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ""
  const p = partsIn(d, timeZone)
  const pad = (n: number | undefined) => String(n ?? 0).padStart(2, "0")
  return `${p["year"]}-${pad(p["month"])}-${pad(p["day"])}T${pad(p["hour"]! % 24)}:${pad(p["minute"])}`
}

/** "YYYY-MM-DDTHH:mm" in `timeZone` → ISO (UTC); null for "" or an unreadable value. */
export function fromLocalInput(value: string, timeZone: string | undefined): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value.trim())
  if (!m) return null
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!)
  let guess = wall - offsetMinutes(new Date(wall), timeZone) * 60_000
  // Once more near a DST change, where the offset at the guess differs.
  guess = wall - offsetMinutes(new Date(guess), timeZone) * 60_000
  return new Date(guess).toISOString()
}

/**
 * Keyset paging over UUIDv7 ids (they sort by creation time): fetch `limit + 1`
 * rows newest first; the extra row only says whether another page exists.
 */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export const toPage = <R extends { id: string }, T>(rows: readonly R[], limit: number, map: (row: R) => T): Page<T> => ({
  items: rows.slice(0, limit).map(map),
  nextCursor: rows.length > limit ? rows[limit - 1].id : null,
})

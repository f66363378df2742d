/**
 * Benchmarks: the full HTTP stack against a peer measured in the same run —
 * the bare drizzle query that does the row work — so the ratio shows what
 * auth, validation, the transaction, audit and the outbox cost per request.
 * `bun run bench` (PGlite); with BENCH_DATABASE_URL also on PostgreSQL.
 * Then SIP: our server against Kamailio under SIPp (sip.ts) and the memory of
 * 5,000 idle WebSocket registrations (sip-ws-memory.ts); BENCH_SIP=0 skips both.
 * Then the case list and search over a million cases (case-search.ts, PostgreSQL
 * only; BENCH_SEARCH=0 skips it, BENCH_SEARCH_N sets the corpus size).
 */
import { casesTables } from "@org/cases/server"
import { useDb } from "@org/core/server"
import { desc, eq } from "drizzle-orm"
import { v7 as uuidv7 } from "uuid"
import { startTestApp } from "../../server/test/harness"
import { runCaseSearchBench } from "./case-search"
import { runSipBench } from "./sip"
import { runSipWsMemoryBench } from "./sip-ws-memory"

const N = Number(process.env.BENCH_N ?? 300)

const time = async (label: string, n: number, f: (i: number) => Promise<unknown>) => {
  for (let i = 0; i < 20; i++) await f(-1 - i) // warm-up
  const started = performance.now()
  for (let i = 0; i < n; i++) await f(i)
  const ms = performance.now() - started
  return { label, n, ms, perOpMs: ms / n, opsPerSec: (n * 1000) / ms }
}

const run = async (dbLabel: string, url: string | undefined) => {
  if (url) process.env.TEST_DATABASE_URL = url
  else delete process.env.TEST_DATABASE_URL
  const t = await startTestApp()
  const tenant = await t.tenant()
  const cookie = await tenant.login("operator")
  const db = (f: Parameters<typeof useDb>[0]) => t.runtime.runPromise(useDb(f))

  const create = await time("POST /api/v1/cases (full stack)", N, (i) =>
    t.call("POST", "/api/v1/cases", { cookie, body: { title: `bench ${i}`, applicantPhone: "+7 900 000-00-00" } }))
  const createPeer = await time("peer: one drizzle INSERT", N, (i) =>
    db((d) => d.insert(casesTables.cases).values({ id: uuidv7(), tenantId: tenant.tenantId, number: `p${i}-${uuidv7()}`, title: `peer ${i}` })))
  const list = await time("GET /api/v1/cases?limit=50 (full stack)", N, () => t.call("GET", "/api/v1/cases?limit=50", { cookie }))
  const listPeer = await time("peer: drizzle SELECT … LIMIT 51", N, () =>
    db((d) => d.select().from(casesTables.cases).where(eq(casesTables.cases.tenantId, tenant.tenantId)).orderBy(desc(casesTables.cases.id)).limit(51)))
  await t.close()
  return [
    { db: dbLabel, ...create, ratio: create.perOpMs / createPeer.perOpMs },
    { db: dbLabel, ...createPeer, ratio: 1 },
    { db: dbLabel, ...list, ratio: list.perOpMs / listPeer.perOpMs },
    { db: dbLabel, ...listPeer, ratio: 1 },
  ]
}

const rows = [...(await run("PGlite", undefined))]
if (process.env.BENCH_DATABASE_URL) rows.push(...(await run("PostgreSQL", process.env.BENCH_DATABASE_URL)))

console.log(`\n${"database".padEnd(11)} ${"operation".padEnd(42)} ${"n".padStart(5)} ${"ms/op".padStart(8)} ${"ops/s".padStart(8)} ${"× peer".padStart(7)}`)
for (const r of rows) {
  console.log(`${r.db.padEnd(11)} ${r.label.padEnd(42)} ${String(r.n).padStart(5)} ${r.perOpMs.toFixed(2).padStart(8)} ${r.opsPerSec.toFixed(0).padStart(8)} ${r.ratio.toFixed(1).padStart(7)}`)
}
if (process.env.BENCH_SIP !== "0") {
  await runSipBench()
  await runSipWsMemoryBench()
}
if (process.env.BENCH_SEARCH !== "0") await runCaseSearchBench()
process.exit(0)

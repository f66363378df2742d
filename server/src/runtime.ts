/**
 * Builds every service layer once, in order: database → migrations (all
 * packages, dependency order) → services. The routes of all packages run on
 * the resulting runtime.
 */
import {
  Applicants, CaseAnalytics, CaseAttachments, CaseMessages, Cases, CaseScripts, CaseSearch, CaseSla, casesApplicantsMigrations,
  casesAttachmentsMigrations, casesMessagesMigrations, casesMigrations, casesPartnerServicesMigrations, casesScriptsMigrations,
  casesSlaMigrations, CaseTypes, PartnerServices, Reference, referenceMigrations,
} from "@org/cases/server"
import { coreMigrations, Database, EventBus, type MigrationSet, runMigrations, WidgetTokens } from "@org/core/server"
import { Effect, Layer, ManagedRuntime } from "effect"
import { join } from "node:path"
import type { Config } from "./config"
import { BunPasswordHasher } from "./password-hasher"

/** Every package's migrations, dependencies first. */
export const migrationSets: MigrationSet[] = [
  coreMigrations, casesMigrations, referenceMigrations, casesPartnerServicesMigrations, casesApplicantsMigrations,
  casesScriptsMigrations, casesAttachmentsMigrations, casesMessagesMigrations, casesSlaMigrations,
]

const migrate = Layer.effectDiscard(
  Effect.gen(function* () {
    const { db } = yield* Database
    const applied = yield* Effect.tryPromise({ try: () => runMigrations(db, migrationSets), catch: (e) => e as Error })
    if (applied.length) console.log(`migrations applied: ${applied.join(", ")}`)
  }),
)

export interface RuntimeOptions {
  readonly databaseUrl: string | undefined
  /** PGlite's folder, or "memory://" (used when there is no URL) */
  readonly pgliteDir: string
}

export const runtimeOptions = (config: Pick<Config, "databaseUrl" | "dataDir">): RuntimeOptions => ({
  databaseUrl: config.databaseUrl,
  pgliteDir: join(config.dataDir, "pglite"),
})

export const makeLayer = (options: RuntimeOptions) => {
  const database = Database.layer({ url: options.databaseUrl, dataDir: options.pgliteDir })
  const caseTypes = CaseTypes.layer.pipe(Layer.provide(EventBus.layer))
  const cases = Cases.layer.pipe(Layer.provide(Layer.mergeAll(EventBus.layer, caseTypes, Reference.layer)))
  const caseDesk = Layer.mergeAll(EventBus.layer, caseTypes, cases, Reference.layer)
  // The case desk's modules may use any of the desk's core services.
  const caseModules = Layer.mergeAll(
    PartnerServices.layer, Applicants.layer, CaseScripts.layer, CaseAttachments.layer, CaseMessages.layer,
    CaseSearch.layer, CaseSla.layer, CaseAnalytics.layer,
  ).pipe(Layer.provide(caseDesk))
  const services = Layer.mergeAll(WidgetTokens.layer, caseDesk, caseModules)
  return services.pipe(
    Layer.provideMerge(migrate),
    Layer.provideMerge(Layer.mergeAll(database, BunPasswordHasher)),
  )
}

export const makeRuntime = (options: RuntimeOptions) => ManagedRuntime.make(makeLayer(options))

export type ServerRuntime = ReturnType<typeof makeRuntime>

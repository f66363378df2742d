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
import {
  coreMigrations, Database, EventBus, type FileStorageConfig, fileStorageLayer, type MigrationSet, runMigrations, temporaryFileStorage, WidgetTokens,
} from "@org/core/server"
import {
  CallRecords, Extensions, Sip, SipAccounts, SipDirectory, type SipOptions, TelephonySettings, telephonyMigrations,
} from "@org/telephony/server"
import { Effect, Layer, ManagedRuntime } from "effect"
import { join } from "node:path"
import type { Config } from "./config"
import { BunPasswordHasher } from "./password-hasher"

/** Every package's migrations, dependencies first. */
export const migrationSets: MigrationSet[] = [
  coreMigrations, casesMigrations, referenceMigrations, casesPartnerServicesMigrations, casesApplicantsMigrations,
  casesScriptsMigrations, casesAttachmentsMigrations, casesMessagesMigrations, casesSlaMigrations, telephonyMigrations,
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
  /** where attachments' bytes go; absent: a temporary folder removed with the runtime (tests) */
  readonly files?: FileStorageConfig
  readonly attachments?: Parameters<typeof CaseAttachments.settings>[0]
  /** message providers; absent: messages are kept as not_sent */
  readonly messaging?: Parameters<typeof CaseMessages.channels>[0]
  /** the SIP server's listeners; absent: no SIP server (accounts and the API still work) */
  readonly sip?: SipOptions | undefined
  /** default SIP domains of tenants: <slug>.<suffix> (default sip.local) */
  readonly sipDomainSuffix?: string
}

export const runtimeOptions = (
  config: Pick<Config, "databaseUrl" | "dataDir"> & Partial<Pick<Config, "files" | "attachmentMaxBytes" | "attachmentTypes" | "sms" | "sipDomainSuffix">>,
): RuntimeOptions => ({
  databaseUrl: config.databaseUrl,
  pgliteDir: join(config.dataDir, "pglite"),
  files: config.files,
  attachments: { maxBytes: config.attachmentMaxBytes, types: config.attachmentTypes },
  messaging: { sms: config.sms },
  ...(config.sipDomainSuffix ? { sipDomainSuffix: config.sipDomainSuffix } : {}),
})

/** The SIP listeners of the configuration: the process (main.ts) opts in; runtimes built in tests have none unless they ask. */
export const sipOptions = (config: Pick<Config, "sip">): SipOptions | undefined =>
  config.sip && { host: config.sip.host, port: config.sip.port, advertisedHost: config.sip.advertisedHost, algorithms: config.sip.algorithms }

export const makeLayer = (options: RuntimeOptions) => {
  const database = Database.layer({ url: options.databaseUrl, dataDir: options.pgliteDir })
  const caseTypes = CaseTypes.layer.pipe(Layer.provide(EventBus.layer))
  const cases = Cases.layer.pipe(Layer.provide(Layer.mergeAll(EventBus.layer, caseTypes, Reference.layer)))
  const caseDesk = Layer.mergeAll(EventBus.layer, caseTypes, cases, Reference.layer)
  const fileStorage = options.files ? fileStorageLayer(options.files) : temporaryFileStorage
  // Attachments' bytes and limits, and the channels messages to applicants go out by.
  const moduleSettings = Layer.mergeAll(fileStorage, CaseAttachments.settings(options.attachments ?? {}), CaseMessages.channels(options.messaging ?? {}))
  // The case desk's modules may use any of the desk's core services.
  const caseModules = Layer.mergeAll(
    PartnerServices.layer, Applicants.layer, CaseScripts.layer, CaseAttachments.layer, CaseMessages.layer,
    CaseSearch.layer, CaseSla.layer, CaseAnalytics.layer,
  ).pipe(Layer.provide(Layer.merge(caseDesk, moduleSettings)))
  // Telephony: accounts, extensions and call records over the SIP directory (the SIP core's view of
  // the database); the SIP server (a scoped resource: listeners, calls) on top of them.
  const telephony = Layer.mergeAll(SipAccounts.layer, Extensions.layer, CallRecords.layer).pipe(
    Layer.provideMerge(SipDirectory.layer),
    Layer.provideMerge(TelephonySettings.layer(options.sipDomainSuffix ? { domainSuffix: options.sipDomainSuffix } : {})),
    Layer.provideMerge(EventBus.layer),
  )
  const sip = Sip.layer(options.sip).pipe(Layer.provideMerge(telephony))
  const services = Layer.mergeAll(WidgetTokens.layer, caseDesk, caseModules, fileStorage, sip)
  return services.pipe(
    Layer.provideMerge(migrate),
    Layer.provideMerge(Layer.mergeAll(database, BunPasswordHasher)),
  )
}

export const makeRuntime = (options: RuntimeOptions) => ManagedRuntime.make(makeLayer(options))

export type ServerRuntime = ReturnType<typeof makeRuntime>

/** Shared set-up for core tests: a runtime on a fresh database and a helper to make tenants. */
import { Effect } from "effect"
import { type Actor, coreMigrations, createTenant, loadActor, type Role } from "../src/server"
import { coreTestLayer, createTestDatabase, makeTestRuntime } from "../src/testing"

export const setup = async () => {
  const tdb = await createTestDatabase()
  const runtime = makeTestRuntime(coreTestLayer(tdb.url, [coreMigrations]))
  await runtime.runPromise(Effect.void)
  let n = 0
  const tenant = async (roles: Role[] = ["operator"], password = "correct horse battery") => {
    const slug = `t${Date.now().toString(36)}${n++}`
    const created = await runtime.runPromise(
      createTenant({ name: slug, slug, users: [{ login: `${slug}-user`, name: "User", password, roles }] }),
    )
    const actor = (await runtime.runPromise(loadActor(created.users[0].id, "session"))) as Actor
    return { ...created, actor, login: `${slug}-user`, password }
  }
  return {
    runtime,
    tenant,
    close: async () => {
      await runtime.dispose()
      await tdb.drop()
    },
  }
}

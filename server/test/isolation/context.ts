/**
 * What a module's isolation cases get: the app and two tenants (A owns the
 * data, B tries to reach it). Each file in this folder default-exports
 * `(ctx) => ({ "METHOD /api/v1/path": async () => … })`, one case per route;
 * tenant-isolation.test.ts loads them all and checks every route has one.
 */
import type { TestApp } from "../harness"

type Tenant = Awaited<ReturnType<TestApp["tenant"]>>

export interface IsolationContext {
  readonly t: TestApp
  readonly A: Tenant
  readonly B: Tenant
  /** session cookies of A's and B's users */
  readonly a: { admin: string; supervisor: string; operator: string }
  readonly b: { admin: string; supervisor: string; operator: string }
  /** a case of A (untyped, with applicant phone +79990001122) */
  readonly aCase: { id: string; number: string; title: string; version: number }
}

export type IsolationCases = (ctx: IsolationContext) => Record<string, () => Promise<void>>

-- Untyped cases now count in type_counters under the type key '' (one counter mechanism).
INSERT INTO "cases"."type_counters" ("tenant_id", "type_key", "last") SELECT "tenant_id", '', "last" FROM "cases"."case_counters";
--> statement-breakpoint
DROP TABLE "cases"."case_counters" CASCADE;

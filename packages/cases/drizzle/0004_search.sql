-- Hand-written (drizzle cannot express it): the trigram operator classes come from pg_trgm.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TABLE "cases"."case_search_words" (
	"tenant_id" uuid NOT NULL,
	"word" text NOT NULL,
	CONSTRAINT "case_search_words_tenant_id_word_pk" PRIMARY KEY("tenant_id","word")
);
--> statement-breakpoint
DROP INDEX "cases"."cases_tenant_id_idx";--> statement-breakpoint
ALTER TABLE "cases"."cases" ADD COLUMN "status_category" text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases"."cases" ADD COLUMN "search_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases"."cases" ADD COLUMN "search_tsv" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, regexp_replace(search_text, '(^| )(?=[^ ]*[0-9])[^ ]{5,}(?= |$)', '', 'g'))) STORED NOT NULL;--> statement-breakpoint
-- Hand-written backfill of the new columns for cases that exist already (the service maintains them from now on).
-- Status category: untyped cases by their fixed statuses, typed ones by their state in the type's current definition.
UPDATE "cases"."cases" SET "status_category" = 'resolved' WHERE "type_key" IS NULL AND "status" IN ('resolved', 'closed');
--> statement-breakpoint
UPDATE "cases"."cases" c SET "status_category" = s.value->>'category'
FROM "cases"."case_types" t, jsonb_array_elements(t."definition"->'states') s
WHERE t."tenant_id" = c."tenant_id" AND t."key" = c."type_key" AND s.value->>'key' = c."status" AND s.value->>'category' IN ('open', 'paused', 'resolved');
--> statement-breakpoint
-- Search text, close to search/document.ts: number, title, phone digits (with and without the country code),
-- every string field value except ids; dictionary labels are added when a case is next saved.
UPDATE "cases"."cases" c SET "search_text" = left(btrim(regexp_replace(replace(lower(concat_ws(' ',
  c."number", c."title",
  CASE WHEN c."applicant_phone" ~ '^\+7\d{10}$' THEN concat_ws(' ', substr(c."applicant_phone", 2), substr(c."applicant_phone", 3), '8' || substr(c."applicant_phone", 3)) ELSE c."applicant_phone" END,
  (SELECT string_agg(v #>> '{}', ' ') FROM jsonb_path_query(c."values", '$.** ? (@.type() == "string")') v
    WHERE (v #>> '{}') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
)), 'ё', 'е'), '[^[:alnum:]]+', ' ', 'g')), 2000);
--> statement-breakpoint
INSERT INTO "cases"."case_search_words" ("tenant_id", "word")
SELECT DISTINCT c."tenant_id", w FROM "cases"."cases" c, regexp_split_to_table(c."search_text", ' ') w WHERE w ~ '^[[:alpha:]]{3,40}$'
ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE INDEX "case_search_words_trgm_idx" ON "cases"."case_search_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "cases_tenant_created_idx" ON "cases"."cases" USING btree ("tenant_id","created_at","id","status_category","type_key","status","assignee_id");--> statement-breakpoint
CREATE INDEX "cases_tenant_updated_idx" ON "cases"."cases" USING btree ("tenant_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "cases_tenant_active_created_idx" ON "cases"."cases" USING btree ("tenant_id","created_at","id","type_key","status","assignee_id") WHERE "cases"."cases"."status_category" <> 'resolved';--> statement-breakpoint
CREATE INDEX "cases_tenant_assignee_created_idx" ON "cases"."cases" USING btree ("tenant_id","assignee_id","created_at","id","status_category","type_key","status");--> statement-breakpoint
CREATE INDEX "cases_tenant_type_status_created_idx" ON "cases"."cases" USING btree ("tenant_id","type_key","status","created_at","id","status_category","assignee_id");--> statement-breakpoint
CREATE INDEX "cases_tenant_attention_created_idx" ON "cases"."cases" USING btree ("tenant_id","created_at","id","status_category","type_key","status","assignee_id") WHERE 'attention' = any("cases"."cases"."flags");--> statement-breakpoint
CREATE INDEX "cases_search_trgm_idx" ON "cases"."cases" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "cases_search_tsv_idx" ON "cases"."cases" USING gin ("search_tsv");
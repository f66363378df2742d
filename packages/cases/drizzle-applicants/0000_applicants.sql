CREATE TABLE "cases"."applicants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"name" text,
	"values" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "applicants_tenant_phone_key" ON "cases"."applicants" USING btree ("tenant_id","phone");--> statement-breakpoint
-- Added by hand: applicant history looks cases up by phone on every call. The index is on
-- cases.cases, a table of the "cases" set, so this set's drizzle schema cannot declare it.
CREATE INDEX IF NOT EXISTS "cases_tenant_applicant_phone_idx" ON "cases"."cases" USING btree ("tenant_id","applicant_phone","id");

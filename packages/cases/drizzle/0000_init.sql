CREATE SCHEMA "cases";
--> statement-breakpoint
CREATE TABLE "cases"."case_counters" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases"."cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"applicant_phone" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "cases_tenant_number_key" ON "cases"."cases" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE INDEX "cases_tenant_id_idx" ON "cases"."cases" USING btree ("tenant_id","id");
CREATE TABLE "cases"."script_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"script_id" uuid NOT NULL,
	"script_key" text NOT NULL,
	"script_version" integer NOT NULL,
	"current" text,
	"path" text[] DEFAULT '{}'::text[] NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"finished" boolean DEFAULT false NOT NULL,
	"started_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases"."script_versions" (
	"script_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"name" jsonb NOT NULL,
	"definition" jsonb NOT NULL,
	"saved_by" uuid,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases"."scripts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"type_key" text NOT NULL,
	"name" jsonb NOT NULL,
	"definition" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"template" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cases"."script_runs" ADD CONSTRAINT "script_runs_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "cases"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases"."script_runs" ADD CONSTRAINT "script_runs_script_id_scripts_id_fk" FOREIGN KEY ("script_id") REFERENCES "cases"."scripts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases"."script_versions" ADD CONSTRAINT "script_versions_script_id_scripts_id_fk" FOREIGN KEY ("script_id") REFERENCES "cases"."scripts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "script_runs_case_idx" ON "cases"."script_runs" USING btree ("tenant_id","case_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "script_versions_key" ON "cases"."script_versions" USING btree ("script_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "scripts_tenant_key_key" ON "cases"."scripts" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE INDEX "scripts_tenant_type_idx" ON "cases"."scripts" USING btree ("tenant_id","type_key");
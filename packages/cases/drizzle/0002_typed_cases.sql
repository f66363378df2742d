CREATE TABLE "cases"."case_journal" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"actor_login" text NOT NULL,
	"data" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases"."type_counters" (
	"tenant_id" uuid NOT NULL,
	"type_key" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "type_counters_tenant_id_type_key_pk" PRIMARY KEY("tenant_id","type_key")
);
--> statement-breakpoint
ALTER TABLE "cases"."cases" ADD COLUMN "type_key" text;--> statement-breakpoint
ALTER TABLE "cases"."cases" ADD COLUMN "type_version" integer;--> statement-breakpoint
ALTER TABLE "cases"."cases" ADD COLUMN "values" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "cases"."cases" ADD COLUMN "flags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "cases"."cases" ADD COLUMN "assignee_id" uuid;--> statement-breakpoint
ALTER TABLE "cases"."cases" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases"."cases" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "cases"."case_journal" ADD CONSTRAINT "case_journal_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "cases"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_journal_case_idx" ON "cases"."case_journal" USING btree ("tenant_id","case_id","id");
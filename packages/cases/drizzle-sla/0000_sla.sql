CREATE TABLE "cases"."sla_calendars" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"week" jsonb NOT NULL,
	"holidays" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases"."sla_clocks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"case_number" text NOT NULL,
	"kind" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"warn_at" timestamp with time zone NOT NULL,
	"paused_since" timestamp with time zone,
	"paused_minutes" double precision DEFAULT 0 NOT NULL,
	"met_at" timestamp with time zone,
	"warned_at" timestamp with time zone,
	"breached_at" timestamp with time zone,
	"state_at" timestamp with time zone NOT NULL,
	"policy" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases"."sla_policies" (
	"tenant_id" uuid NOT NULL,
	"type_key" text NOT NULL,
	"calendar_id" uuid,
	"targets" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_policies_tenant_id_type_key_pk" PRIMARY KEY("tenant_id","type_key")
);
--> statement-breakpoint
ALTER TABLE "cases"."sla_clocks" ADD CONSTRAINT "sla_clocks_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "cases"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases"."sla_policies" ADD CONSTRAINT "sla_policies_calendar_id_sla_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "cases"."sla_calendars"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sla_calendars_tenant_name_idx" ON "cases"."sla_calendars" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_clocks_case_kind_key" ON "cases"."sla_clocks" USING btree ("case_id","kind");--> statement-breakpoint
CREATE INDEX "sla_clocks_tenant_case_idx" ON "cases"."sla_clocks" USING btree ("tenant_id","case_id");--> statement-breakpoint
CREATE INDEX "sla_clocks_warn_idx" ON "cases"."sla_clocks" USING btree ("warn_at") WHERE warned_at is null and met_at is null and paused_since is null;--> statement-breakpoint
CREATE INDEX "sla_clocks_due_idx" ON "cases"."sla_clocks" USING btree ("due_at") WHERE breached_at is null and met_at is null and paused_since is null;
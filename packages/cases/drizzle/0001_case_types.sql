CREATE TABLE "cases"."case_type_versions" (
	"type_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"saved_by" uuid,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases"."case_types" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"definition" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"template" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cases"."case_type_versions" ADD CONSTRAINT "case_type_versions_type_id_case_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "cases"."case_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_type_versions_key" ON "cases"."case_type_versions" USING btree ("type_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "case_types_tenant_key_key" ON "cases"."case_types" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE INDEX "case_types_tenant_idx" ON "cases"."case_types" USING btree ("tenant_id");
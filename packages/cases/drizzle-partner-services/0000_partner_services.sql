CREATE TABLE "cases"."case_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"kind_label" jsonb NOT NULL,
	"service_id" uuid,
	"due_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"assignee_id" uuid,
	"comment" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases"."case_services" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"kind_label" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"partner_id" uuid,
	"partner_name" text,
	"ordered_at" timestamp with time zone,
	"assigned_at" timestamp with time zone,
	"arrived_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"customer_cost_amount" bigint,
	"customer_cost_currency" text,
	"partner_cost_amount" bigint,
	"partner_cost_currency" text,
	"comment" text,
	"satisfied" boolean,
	"handed_off_at" timestamp with time zone,
	"handed_off_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_services_status_check" CHECK ("cases"."case_services"."status" in ('draft', 'ordered', 'assigned', 'in_progress', 'done', 'cancelled')),
	CONSTRAINT "case_services_customer_cost_check" CHECK (("cases"."case_services"."customer_cost_amount" is null) = ("cases"."case_services"."customer_cost_currency" is null)),
	CONSTRAINT "case_services_partner_cost_check" CHECK (("cases"."case_services"."partner_cost_amount" is null) = ("cases"."case_services"."partner_cost_currency" is null))
);
--> statement-breakpoint
ALTER TABLE "cases"."case_actions" ADD CONSTRAINT "case_actions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "cases"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases"."case_actions" ADD CONSTRAINT "case_actions_service_id_case_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "cases"."case_services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases"."case_services" ADD CONSTRAINT "case_services_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "cases"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_actions_case_idx" ON "cases"."case_actions" USING btree ("tenant_id","case_id","id");--> statement-breakpoint
CREATE INDEX "case_actions_tenant_created_idx" ON "cases"."case_actions" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "case_services_case_idx" ON "cases"."case_services" USING btree ("tenant_id","case_id","id");--> statement-breakpoint
CREATE INDEX "case_services_tenant_id_idx" ON "cases"."case_services" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "case_services_tenant_created_idx" ON "cases"."case_services" USING btree ("tenant_id","created_at");
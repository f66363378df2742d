CREATE TABLE "cases"."case_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"channel" text NOT NULL,
	"to_address" text,
	"from_address" text,
	"text" text NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"provider" text,
	"provider_message_id" text,
	"notify_key" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cases"."case_messages" ADD CONSTRAINT "case_messages_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "cases"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_messages_case_idx" ON "cases"."case_messages" USING btree ("tenant_id","case_id","id");--> statement-breakpoint
CREATE INDEX "case_messages_provider_id_idx" ON "cases"."case_messages" USING btree ("tenant_id","provider_message_id") WHERE "cases"."case_messages"."provider_message_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "case_messages_notify_key" ON "cases"."case_messages" USING btree ("tenant_id","notify_key") WHERE "cases"."case_messages"."notify_key" is not null;
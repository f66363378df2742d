CREATE SCHEMA "telephony";
--> statement-breakpoint
CREATE TABLE "telephony"."call_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"call_id" text NOT NULL,
	"from_tag" text NOT NULL,
	"from_user" text NOT NULL,
	"from_display_name" text,
	"from_uri" text NOT NULL,
	"to_user" text NOT NULL,
	"to_display_name" text,
	"to_uri" text NOT NULL,
	"caller_account_id" uuid,
	"callee_account_id" uuid,
	"target_account_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"caller_name" text,
	"callee_name" text,
	"direction" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ringing_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone NOT NULL,
	"ring_seconds" double precision NOT NULL,
	"talk_seconds" double precision NOT NULL,
	"disposition" text NOT NULL,
	"status" smallint NOT NULL,
	"reason" text,
	"hangup" text NOT NULL,
	"transfers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"referred_by" text,
	"replaces_call_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "telephony"."extensions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"number" text NOT NULL,
	"name" text,
	"members" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "telephony"."secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "telephony"."sip_accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"username" text NOT NULL,
	"realm" text NOT NULL,
	"ha1_md5" text NOT NULL,
	"ha1_sha256" text NOT NULL,
	"comment" text,
	"blocked" boolean DEFAULT false NOT NULL,
	"call_limit" integer,
	"user_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"password_changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "telephony"."tenant_domains" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"domain" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "call_records_tenant_call_key" ON "telephony"."call_records" USING btree ("tenant_id","call_id","from_tag");--> statement-breakpoint
CREATE INDEX "call_records_tenant_started_idx" ON "telephony"."call_records" USING btree ("tenant_id","started_at","id");--> statement-breakpoint
CREATE INDEX "call_records_caller_idx" ON "telephony"."call_records" USING btree ("tenant_id","caller_account_id","started_at");--> statement-breakpoint
CREATE INDEX "call_records_callee_idx" ON "telephony"."call_records" USING btree ("tenant_id","callee_account_id","started_at");--> statement-breakpoint
CREATE INDEX "call_records_targets_idx" ON "telephony"."call_records" USING gin ("target_account_ids");--> statement-breakpoint
CREATE UNIQUE INDEX "extensions_tenant_number_key" ON "telephony"."extensions" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "sip_accounts_tenant_username_key" ON "telephony"."sip_accounts" USING btree ("tenant_id",lower("username"));--> statement-breakpoint
CREATE UNIQUE INDEX "sip_accounts_tenant_user_key" ON "telephony"."sip_accounts" USING btree ("tenant_id","user_id") WHERE "telephony"."sip_accounts"."user_id" is not null;--> statement-breakpoint
CREATE INDEX "sip_accounts_tenant_username_idx" ON "telephony"."sip_accounts" USING btree ("tenant_id","username");--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_domains_domain_key" ON "telephony"."tenant_domains" USING btree ("domain");
CREATE TABLE "cases"."dictionaries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" jsonb NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases"."dictionary_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"dictionary_id" uuid NOT NULL,
	"code" text,
	"label" jsonb NOT NULL,
	"parent_id" uuid,
	"sort" integer DEFAULT 0 NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"search" text NOT NULL,
	"archived_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases"."partners" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"phones" text[] DEFAULT '{}'::text[] NOT NULL,
	"email" text,
	"address" text,
	"lat" numeric(9, 6),
	"lon" numeric(9, 6),
	"city_id" uuid,
	"services" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"working_hours" jsonb,
	"comment" text,
	"search" text NOT NULL,
	"archived_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partners_kind_check" CHECK ("cases"."partners"."kind" in ('partner', 'dealer'))
);
--> statement-breakpoint
ALTER TABLE "cases"."dictionary_items" ADD CONSTRAINT "dictionary_items_dictionary_id_dictionaries_id_fk" FOREIGN KEY ("dictionary_id") REFERENCES "cases"."dictionaries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases"."dictionary_items" ADD CONSTRAINT "dictionary_items_parent_id_dictionary_items_id_fk" FOREIGN KEY ("parent_id") REFERENCES "cases"."dictionary_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases"."partners" ADD CONSTRAINT "partners_city_id_dictionary_items_id_fk" FOREIGN KEY ("city_id") REFERENCES "cases"."dictionary_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dictionaries_tenant_key_key" ON "cases"."dictionaries" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "dictionary_items_tenant_dictionary_code_key" ON "cases"."dictionary_items" USING btree ("tenant_id","dictionary_id","code");--> statement-breakpoint
CREATE INDEX "dictionary_items_tenant_dictionary_sort_idx" ON "cases"."dictionary_items" USING btree ("tenant_id","dictionary_id","sort");--> statement-breakpoint
CREATE INDEX "dictionary_items_tenant_parent_idx" ON "cases"."dictionary_items" USING btree ("tenant_id","parent_id");--> statement-breakpoint
CREATE INDEX "partners_tenant_name_idx" ON "cases"."partners" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "partners_tenant_city_idx" ON "cases"."partners" USING btree ("tenant_id","city_id");
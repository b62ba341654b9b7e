CREATE TABLE "uptake_counts" (
	"service_id" integer NOT NULL,
	"area_id" integer NOT NULL,
	"period" text NOT NULL,
	"age_band" text DEFAULT '' NOT NULL,
	"sex" text DEFAULT '' NOT NULL,
	"participants" integer NOT NULL,
	"uptake_import_id" integer,
	CONSTRAINT "uptake_counts_service_id_area_id_period_age_band_sex_pk" PRIMARY KEY("service_id","area_id","period","age_band","sex")
);
--> statement-breakpoint
CREATE TABLE "uptake_imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"service_id" integer NOT NULL,
	"source" text NOT NULL,
	"assignment" text NOT NULL,
	"layer_key" text NOT NULL,
	"period" text NOT NULL,
	"file_hash" text NOT NULL,
	"records_read" integer DEFAULT 0 NOT NULL,
	"participants" integer DEFAULT 0 NOT NULL,
	"unassigned" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"observation_import_id" integer,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "uptake_services" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name_de" text NOT NULL,
	"name_en" text NOT NULL,
	"domain_key" text,
	"registry_service_id" integer,
	"target_indicator" text,
	"age_bands" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"eligibility_indicator" text,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uptake_services_key_unique" UNIQUE("key")
);
--> statement-breakpoint
ALTER TABLE "uptake_counts" ADD CONSTRAINT "uptake_counts_service_id_uptake_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."uptake_services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uptake_counts" ADD CONSTRAINT "uptake_counts_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uptake_imports" ADD CONSTRAINT "uptake_imports_service_id_uptake_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."uptake_services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uptake_services" ADD CONSTRAINT "uptake_services_registry_service_id_services_id_fk" FOREIGN KEY ("registry_service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "uptake_counts_period" ON "uptake_counts" USING btree ("service_id","period");
CREATE TABLE "focus_areas" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_id" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"reason" text NOT NULL,
	"decision_ref" text,
	"source_run_id" integer,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "index_definitions" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"body" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "index_results" (
	"run_id" integer NOT NULL,
	"area_id" integer NOT NULL,
	"score" double precision,
	"rank" integer,
	"class" integer,
	"dynamics_score" double precision,
	"dynamics_class" integer,
	"focus" boolean DEFAULT false NOT NULL,
	"excluded_reason" text,
	"components" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"median_rank" double precision,
	"rank_p05" double precision,
	"rank_p95" double precision,
	"class_flip_rate" double precision,
	CONSTRAINT "index_results_run_id_area_id_pk" PRIMARY KEY("run_id","area_id")
);
--> statement-breakpoint
CREATE TABLE "index_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"definition_id" integer NOT NULL,
	"layer_key" text NOT NULL,
	"period" text NOT NULL,
	"input_hash" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "facilities" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer,
	"name" text NOT NULL,
	"type_key" text NOT NULL,
	"address" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"geom" geometry(Point, 4326),
	"location_status" text DEFAULT 'ok' NOT NULL,
	"accessibility" text,
	"status" text DEFAULT 'active' NOT NULL,
	"external_id" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "facility_areas" (
	"facility_id" integer NOT NULL,
	"layer_id" integer NOT NULL,
	"area_id" integer NOT NULL,
	CONSTRAINT "facility_areas_facility_id_layer_id_pk" PRIMARY KEY("facility_id","layer_id")
);
--> statement-breakpoint
CREATE TABLE "facility_types" (
	"key" text PRIMARY KEY NOT NULL,
	"name_de" text NOT NULL,
	"name_en" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'free' NOT NULL,
	"legal_form" text,
	"contact" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"url" text,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "planning_norms" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"domain_key" text,
	"facility_type_key" text,
	"target_indicator" text NOT NULL,
	"ratio" double precision NOT NULL,
	"unit" text DEFAULT 'Plätze' NOT NULL,
	"description" text,
	"source" text,
	CONSTRAINT "planning_norms_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "service_areas" (
	"service_id" integer NOT NULL,
	"area_id" integer NOT NULL,
	CONSTRAINT "service_areas_service_id_area_id_pk" PRIMARY KEY("service_id","area_id")
);
--> statement-breakpoint
CREATE TABLE "service_domains" (
	"key" text PRIMARY KEY NOT NULL,
	"name_de" text NOT NULL,
	"name_en" text NOT NULL,
	"parent_key" text,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_locations" (
	"service_id" integer NOT NULL,
	"facility_id" integer NOT NULL,
	CONSTRAINT "service_locations_service_id_facility_id_pk" PRIMARY KEY("service_id","facility_id")
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer,
	"name" text NOT NULL,
	"description" text,
	"domain_key" text NOT NULL,
	"age_min" double precision,
	"age_max" double precision,
	"capacity" double precision,
	"capacity_unit" text,
	"capacity_as_of" date,
	"schedule" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"funding_source" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "publications" (
	"id" serial PRIMARY KEY NOT NULL,
	"indicator_id" integer NOT NULL,
	"layer_id" integer NOT NULL,
	"period" text DEFAULT '*' NOT NULL,
	"rule_version" text NOT NULL,
	"published_by" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "index_results" ADD CONSTRAINT "index_results_run_id_index_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."index_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "index_runs" ADD CONSTRAINT "index_runs_definition_id_index_definitions_id_fk" FOREIGN KEY ("definition_id") REFERENCES "public"."index_definitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_areas" ADD CONSTRAINT "facility_areas_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_areas" ADD CONSTRAINT "service_areas_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_locations" ADD CONSTRAINT "service_locations_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_locations" ADD CONSTRAINT "service_locations_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "focus_areas_area" ON "focus_areas" USING btree ("area_id");--> statement-breakpoint
CREATE UNIQUE INDEX "index_definitions_key_version" ON "index_definitions" USING btree ("key","version");--> statement-breakpoint
CREATE INDEX "index_runs_definition" ON "index_runs" USING btree ("definition_id");--> statement-breakpoint
CREATE INDEX "facilities_type" ON "facilities" USING btree ("type_key");--> statement-breakpoint
CREATE UNIQUE INDEX "facilities_external" ON "facilities" USING btree ("type_key","external_id");--> statement-breakpoint
CREATE INDEX "facility_areas_area" ON "facility_areas" USING btree ("area_id");--> statement-breakpoint
CREATE INDEX "services_domain" ON "services" USING btree ("domain_key");--> statement-breakpoint
CREATE UNIQUE INDEX "publications_key" ON "publications" USING btree ("indicator_id","layer_id","period");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "facilities_geom" ON "facilities" USING gist ("geom");

CREATE TABLE "demography_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"layer_key" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"seed" integer,
	"input_hash" text NOT NULL,
	"inputs_version" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"results" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demography_published" (
	"id" serial PRIMARY KEY NOT NULL,
	"layer_key" text NOT NULL,
	"area_code" text NOT NULL,
	"edition" integer NOT NULL,
	"publisher" text NOT NULL,
	"basis" text NOT NULL,
	"variant" text NOT NULL,
	"target_year" integer NOT NULL,
	"population" double precision NOT NULL,
	"source" text,
	"file_name" text NOT NULL,
	"file_hash" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "demography_runs_kind_layer" ON "demography_runs" USING btree ("kind","layer_key");--> statement-breakpoint
CREATE UNIQUE INDEX "demography_published_key" ON "demography_published" USING btree ("layer_key","area_code","publisher","edition","variant","target_year");
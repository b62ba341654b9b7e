CREATE TABLE "series_variants" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"model" text,
	"scenario" text,
	"vintage" integer,
	"basis" text,
	"label" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "series_variants_identity" UNIQUE NULLS NOT DISTINCT("kind","model","scenario","vintage","basis")
);
--> statement-breakpoint
-- backfill
-- The observed variant: id 1, the default of observations.variant_id (next migration).
INSERT INTO "series_variants" ("id", "kind", "label") VALUES (1, 'observed', 'beobachtet / observed') ON CONFLICT DO NOTHING;--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('series_variants', 'id'), (SELECT max("id") FROM "series_variants"));

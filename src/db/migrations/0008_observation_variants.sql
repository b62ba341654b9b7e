CREATE TABLE "observation_breakdowns" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"observation_id" bigint NOT NULL,
	"age_from" integer,
	"age_to" integer,
	"sex" text,
	"nationality" text,
	"value" double precision,
	"provisional" boolean DEFAULT false NOT NULL,
	"estimated" boolean DEFAULT false NOT NULL,
	"break_in_series" boolean DEFAULT false NOT NULL,
	"suppressed" boolean DEFAULT false NOT NULL,
	"missing" boolean DEFAULT false NOT NULL,
	CONSTRAINT "observation_breakdowns_key" UNIQUE NULLS NOT DISTINCT("observation_id","age_from","age_to","sex","nationality")
);
--> statement-breakpoint
DROP INDEX "observations_key";--> statement-breakpoint
ALTER TABLE "observations" ADD COLUMN "variant_id" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "observations" ADD COLUMN "run_id" integer;--> statement-breakpoint
ALTER TABLE "observation_breakdowns" ADD CONSTRAINT "observation_breakdowns_observation_id_observations_id_fk" FOREIGN KEY ("observation_id") REFERENCES "public"."observations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_variant_id_series_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."series_variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "observations_variant" ON "observations" USING btree ("variant_id","indicator_id");--> statement-breakpoint
CREATE UNIQUE INDEX "observations_key" ON "observations" USING btree ("indicator_id","period","area_id","variant_id");
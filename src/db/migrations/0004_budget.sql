CREATE TABLE "budget_last_year" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"pot_id" integer NOT NULL,
	"layer_key" text NOT NULL,
	"area_id" integer NOT NULL,
	"organisation_id" integer,
	"service_id" integer,
	"amount_cents" bigint NOT NULL,
	"import_id" integer
);
--> statement-breakpoint
CREATE TABLE "budget_models" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"body" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "budget_pots" (
	"id" serial PRIMARY KEY NOT NULL,
	"domain_key" text NOT NULL,
	"fiscal_year" integer NOT NULL,
	"funding_source" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"total_cents" bigint NOT NULL,
	"notes" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "budget_scenario_rows" (
	"scenario_id" integer NOT NULL,
	"area_id" integer NOT NULL,
	"code" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"target" double precision NOT NULL,
	"carried_forward" bigint NOT NULL,
	"base" bigint NOT NULL,
	"population_part" bigint NOT NULL,
	"need_part" bigint NOT NULL,
	"damping" bigint NOT NULL,
	"optimisation" bigint NOT NULL,
	"rounding" bigint NOT NULL,
	"distance_from_target" double precision,
	"bound" text,
	"last_year_cents" bigint,
	"population" double precision,
	"need_value" double precision,
	CONSTRAINT "budget_scenario_rows_scenario_id_area_id_pk" PRIMARY KEY("scenario_id","area_id")
);
--> statement-breakpoint
CREATE TABLE "budget_scenarios" (
	"id" serial PRIMARY KEY NOT NULL,
	"pot_id" integer NOT NULL,
	"model_id" integer NOT NULL,
	"name" text NOT NULL,
	"layer_key" text NOT NULL,
	"period" text NOT NULL,
	"parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"inputs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"input_hash" text NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"budget_cents" bigint NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"frozen_at" timestamp with time zone,
	"frozen_by" text,
	"decision_ref" text
);
--> statement-breakpoint
ALTER TABLE "budget_last_year" ADD CONSTRAINT "budget_last_year_pot_id_budget_pots_id_fk" FOREIGN KEY ("pot_id") REFERENCES "public"."budget_pots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_scenario_rows" ADD CONSTRAINT "budget_scenario_rows_scenario_id_budget_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."budget_scenarios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_scenarios" ADD CONSTRAINT "budget_scenarios_pot_id_budget_pots_id_fk" FOREIGN KEY ("pot_id") REFERENCES "public"."budget_pots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_scenarios" ADD CONSTRAINT "budget_scenarios_model_id_budget_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."budget_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "budget_last_year_pot" ON "budget_last_year" USING btree ("pot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "budget_models_key_version" ON "budget_models" USING btree ("key","version");--> statement-breakpoint
CREATE UNIQUE INDEX "budget_pots_domain_year_source" ON "budget_pots" USING btree ("domain_key","fiscal_year","funding_source");--> statement-breakpoint
CREATE INDEX "budget_scenarios_pot" ON "budget_scenarios" USING btree ("pot_id");--> statement-breakpoint
-- Written by hand (drizzle-kit does not model triggers): a frozen scenario is the committee's decision;
-- neither it nor its rows may change or disappear, whoever writes to the database. Only a restore
-- of a backup (lernort restore sets lernort.restoring for its own transaction) writes them back.
CREATE FUNCTION budget_reject_frozen_scenario() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('lernort.restoring', true) = 'on' THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF OLD.frozen_at IS NOT NULL THEN
    RAISE EXCEPTION 'budget scenario % is frozen (decision %) and cannot be changed', OLD.id, OLD.decision_ref
      USING ERRCODE = 'check_violation', HINT = 'BUDGET_SCENARIO_FROZEN';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER budget_scenarios_frozen BEFORE UPDATE OR DELETE ON "budget_scenarios"
  FOR EACH ROW EXECUTE FUNCTION budget_reject_frozen_scenario();
--> statement-breakpoint
CREATE FUNCTION budget_reject_frozen_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sid integer := CASE WHEN TG_OP = 'INSERT' THEN NEW.scenario_id ELSE OLD.scenario_id END;
BEGIN
  IF current_setting('lernort.restoring', true) = 'on' THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF EXISTS (SELECT 1 FROM budget_scenarios WHERE id = sid AND frozen_at IS NOT NULL)
     OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM budget_scenarios WHERE id = NEW.scenario_id AND frozen_at IS NOT NULL)) THEN
    RAISE EXCEPTION 'budget scenario % is frozen and its rows cannot be changed', sid
      USING ERRCODE = 'check_violation', HINT = 'BUDGET_SCENARIO_FROZEN';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER budget_scenario_rows_frozen BEFORE INSERT OR UPDATE OR DELETE ON "budget_scenario_rows"
  FOR EACH ROW EXECUTE FUNCTION budget_reject_frozen_rows();

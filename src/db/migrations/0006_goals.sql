CREATE TABLE "goal_agreements" (
	"id" serial PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"previous_version_id" integer,
	"state" text DEFAULT 'draft' NOT NULL,
	"area_id" integer,
	"coordinator_user_id" integer NOT NULL,
	"provider_organisation_id" integer NOT NULL,
	"signed_coordinator_at" text,
	"signed_provider_at" text,
	"content" jsonb NOT NULL,
	"budget_scenario_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_ballots" (
	"workshop_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"votes" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_dialogues" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"agreement_id" integer,
	"area_id" integer,
	"title" text NOT NULL,
	"worked" text DEFAULT '' NOT NULL,
	"did_not_work" text DEFAULT '' NOT NULL,
	"changes" text DEFAULT '' NOT NULL,
	"follow_ups" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"finalised_at" timestamp with time zone,
	"created_by" integer
);
--> statement-breakpoint
CREATE TABLE "goal_status_history" (
	"goal_id" integer NOT NULL,
	"as_of" text NOT NULL,
	"status" text NOT NULL,
	"score" double precision,
	"latest_year" integer,
	"latest_value" double precision,
	"reason_de" text NOT NULL,
	"reason_en" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goals" (
	"id" serial PRIMARY KEY NOT NULL,
	"level" text NOT NULL,
	"parent_id" integer,
	"area_id" integer,
	"domain_key" text,
	"title" text NOT NULL,
	"result_statement" text DEFAULT '' NOT NULL,
	"owner_group_id" integer,
	"owner_user_id" integer,
	"indicator_key" text,
	"indicator_area_id" integer,
	"measure_name" text,
	"higher_is_better" boolean NOT NULL,
	"baseline_year" integer,
	"baseline_value" double precision,
	"target_year" integer,
	"target_value" double precision,
	"published" boolean DEFAULT false NOT NULL,
	"origin_proposal_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_proposal_comments" (
	"id" serial PRIMARY KEY NOT NULL,
	"proposal_id" integer NOT NULL,
	"author_id" integer,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_proposals" (
	"id" serial PRIMARY KEY NOT NULL,
	"workshop_id" integer NOT NULL,
	"title" text NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"author_id" integer,
	"accepted_goal_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_provider_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"agreement_id" integer NOT NULL,
	"due" text NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"funding_jugendamt_cents" integer DEFAULT 0 NOT NULL,
	"own_funds_cents" integer DEFAULT 0 NOT NULL,
	"third_party_cents" integer DEFAULT 0 NOT NULL,
	"offers" integer DEFAULT 0 NOT NULL,
	"participants_by_age" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"participants_by_area" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"outcomes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"outcomes_text" text DEFAULT '' NOT NULL,
	"impact_text" text DEFAULT '' NOT NULL,
	"submitted_at" timestamp with time zone,
	"review_comment" text
);
--> statement-breakpoint
CREATE TABLE "goal_workshops" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"area_id" integer,
	"votes_per_person" integer DEFAULT 5 NOT NULL,
	"max_per_proposal" integer DEFAULT 3 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "goal_agreements" ADD CONSTRAINT "goal_agreements_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_agreements" ADD CONSTRAINT "goal_agreements_coordinator_user_id_users_id_fk" FOREIGN KEY ("coordinator_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_agreements" ADD CONSTRAINT "goal_agreements_provider_organisation_id_organisations_id_fk" FOREIGN KEY ("provider_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_ballots" ADD CONSTRAINT "goal_ballots_workshop_id_goal_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."goal_workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_ballots" ADD CONSTRAINT "goal_ballots_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_dialogues" ADD CONSTRAINT "goal_dialogues_agreement_id_goal_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."goal_agreements"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_dialogues" ADD CONSTRAINT "goal_dialogues_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_dialogues" ADD CONSTRAINT "goal_dialogues_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_status_history" ADD CONSTRAINT "goal_status_history_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_owner_group_id_working_groups_id_fk" FOREIGN KEY ("owner_group_id") REFERENCES "public"."working_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_indicator_area_id_areas_id_fk" FOREIGN KEY ("indicator_area_id") REFERENCES "public"."areas"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_proposal_comments" ADD CONSTRAINT "goal_proposal_comments_proposal_id_goal_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."goal_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_proposal_comments" ADD CONSTRAINT "goal_proposal_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_proposals" ADD CONSTRAINT "goal_proposals_workshop_id_goal_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."goal_workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_proposals" ADD CONSTRAINT "goal_proposals_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_provider_reports" ADD CONSTRAINT "goal_provider_reports_agreement_id_goal_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."goal_agreements"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_workshops" ADD CONSTRAINT "goal_workshops_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_workshops" ADD CONSTRAINT "goal_workshops_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "goal_agreements_org" ON "goal_agreements" USING btree ("provider_organisation_id");--> statement-breakpoint
CREATE INDEX "goal_agreements_area" ON "goal_agreements" USING btree ("area_id");--> statement-breakpoint
CREATE UNIQUE INDEX "goal_ballots_key" ON "goal_ballots" USING btree ("workshop_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "goal_status_history_key" ON "goal_status_history" USING btree ("goal_id","as_of");--> statement-breakpoint
CREATE INDEX "goals_area" ON "goals" USING btree ("area_id");--> statement-breakpoint
CREATE INDEX "goals_parent" ON "goals" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "goal_provider_reports_key" ON "goal_provider_reports" USING btree ("agreement_id","due");
--> statement-breakpoint
-- Written by hand (drizzle-kit does not model triggers): a signed agreement (signed, reporting,
-- reviewed, closed) keeps its content, parties and signatures; only its state may move on along the
-- lifecycle, and it cannot be deleted. Changes go through a new version. A finalised
-- Wirksamkeitsdialog changes no more. A restore (lernort.restoring) writes them back.
CREATE FUNCTION goals_reject_signed_agreement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('lernort.restoring', true) = 'on' THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF OLD.state IN ('signed', 'reporting', 'reviewed', 'closed') THEN
    IF TG_OP = 'DELETE' OR NEW.content IS DISTINCT FROM OLD.content OR NEW.version IS DISTINCT FROM OLD.version
       OR NEW.coordinator_user_id IS DISTINCT FROM OLD.coordinator_user_id OR NEW.provider_organisation_id IS DISTINCT FROM OLD.provider_organisation_id
       OR NEW.signed_coordinator_at IS DISTINCT FROM OLD.signed_coordinator_at OR NEW.signed_provider_at IS DISTINCT FROM OLD.signed_provider_at
       OR NEW.budget_scenario_id IS DISTINCT FROM OLD.budget_scenario_id OR NEW.area_id IS DISTINCT FROM OLD.area_id
       OR NEW.state NOT IN ('signed', 'reporting', 'reviewed', 'closed') THEN
      RAISE EXCEPTION 'goal agreement % (version %) is signed and cannot be changed', OLD.id, OLD.version
        USING ERRCODE = 'check_violation', HINT = 'AGREEMENT_IMMUTABLE';
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER goal_agreements_signed BEFORE UPDATE OR DELETE ON "goal_agreements"
  FOR EACH ROW EXECUTE FUNCTION goals_reject_signed_agreement();
--> statement-breakpoint
CREATE FUNCTION goals_reject_finalised_dialogue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('lernort.restoring', true) = 'on' THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF OLD.finalised_at IS NOT NULL THEN
    RAISE EXCEPTION 'Wirksamkeitsdialog % is finalised and cannot be changed', OLD.id
      USING ERRCODE = 'check_violation', HINT = 'DIALOGUE_FINALISED';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER goal_dialogues_finalised BEFORE UPDATE OR DELETE ON "goal_dialogues"
  FOR EACH ROW EXECUTE FUNCTION goals_reject_finalised_dialogue();

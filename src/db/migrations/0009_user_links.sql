CREATE TABLE "user_organisations" (
	"user_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	CONSTRAINT "user_organisations_user_id_organisation_id_pk" PRIMARY KEY("user_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "user_planning_areas" (
	"user_id" integer NOT NULL,
	"area_code" text NOT NULL,
	"layer_key" text,
	CONSTRAINT "user_planning_areas_user_id_area_code_pk" PRIMARY KEY("user_id","area_code")
);
--> statement-breakpoint
ALTER TABLE "user_organisations" ADD CONSTRAINT "user_organisations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_organisations" ADD CONSTRAINT "user_organisations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_planning_areas" ADD CONSTRAINT "user_planning_areas_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "user_organisations_organisation" ON "user_organisations" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "user_planning_areas_code" ON "user_planning_areas" USING btree ("area_code");--> statement-breakpoint
-- backfill
-- The JSON scope of each account becomes rows: {organisationId} → user_organisations (only
-- organisations that exist), {planningAreas: [codes], layer?} → user_planning_areas. The column
-- itself is dropped by the next migration, once these rows are in place.
INSERT INTO "user_organisations" ("user_id", "organisation_id")
SELECT s.user_id, s.organisation_id FROM (
  SELECT u.id AS user_id, CASE WHEN u.scope->>'organisationId' ~ '^[0-9]{1,9}$' THEN (u.scope->>'organisationId')::int END AS organisation_id FROM users u
) s
WHERE s.organisation_id IS NOT NULL AND EXISTS (SELECT 1 FROM organisations o WHERE o.id = s.organisation_id)
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "user_planning_areas" ("user_id", "area_code", "layer_key")
SELECT DISTINCT u.id, c.code, CASE WHEN jsonb_typeof(u.scope->'layer') = 'string' THEN u.scope->>'layer' END
  FROM users u
 CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(u.scope->'planningAreas') = 'array' THEN u.scope->'planningAreas' ELSE '[]'::jsonb END) AS c(code)
 WHERE c.code <> ''
ON CONFLICT DO NOTHING;

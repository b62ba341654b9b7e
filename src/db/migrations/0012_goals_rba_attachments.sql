CREATE TABLE "goal_report_attachments" (
	"id" serial PRIMARY KEY NOT NULL,
	"report_id" integer NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "measure_kind" text;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "measure_aspect" text;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "measure_numerator" text;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "measure_denominator" text;--> statement-breakpoint
ALTER TABLE "goal_report_attachments" ADD CONSTRAINT "goal_report_attachments_report_id_goal_provider_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."goal_provider_reports"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_report_attachments" ADD CONSTRAINT "goal_report_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "goal_report_attachments_report" ON "goal_report_attachments" USING btree ("report_id");
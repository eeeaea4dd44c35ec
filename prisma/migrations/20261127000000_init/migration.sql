-- CreateTable
CREATE TABLE "years" (
    "year" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'setup',
    "config" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "years_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "unit_groups" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "order" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "unit_groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "units" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "group_id" UUID NOT NULL,
    "email" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "units_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "criteria_sets" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "group_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "sample" BOOLEAN NOT NULL DEFAULT false,
    "scale" INTEGER NOT NULL,
    "tree" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "criteria_sets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "full_name" TEXT NOT NULL,
    "email" TEXT,
    "password_hash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "unit_id" UUID,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "failed_logins" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "password_set_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "token_hash" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "field_assignments" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "field_code" TEXT NOT NULL,
    "user_id" UUID NOT NULL,

    CONSTRAINT "field_assignments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assessments" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "unit_id" UUID NOT NULL,
    "group_id" UUID NOT NULL,
    "criteria_set_id" UUID NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "phase_deadline" TIMESTAMPTZ(3),
    "self_deadline" TIMESTAMPTZ(3) NOT NULL,
    "submitted_at" TIMESTAMPTZ(3),
    "submitted_by" TEXT,
    "locked_at" TIMESTAMPTZ(3),
    "late" BOOLEAN NOT NULL DEFAULT false,
    "excluded" BOOLEAN NOT NULL DEFAULT false,
    "exclusion_reason" TEXT,
    "excluded_by" TEXT,
    "points" INTEGER,
    "max_points" INTEGER,
    "index_pct" INTEGER,
    "rank" INTEGER,
    "classification" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "assessments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "field_appraisals" (
    "id" UUID NOT NULL,
    "assessment_id" UUID NOT NULL,
    "field_code" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "appraised_by" TEXT,
    "done_at" TIMESTAMPTZ(3),

    CONSTRAINT "field_appraisals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "leaf_scores" (
    "id" UUID NOT NULL,
    "assessment_id" UUID NOT NULL,
    "leaf_code" TEXT NOT NULL,
    "not_applicable" BOOLEAN NOT NULL DEFAULT false,
    "self_score" INTEGER,
    "self_input" JSONB,
    "self_note" TEXT,
    "appraisal_action" TEXT,
    "appraised_score" INTEGER,
    "appraisal_reason" TEXT,
    "appraised_by" TEXT,
    "appraised_at" TIMESTAMPTZ(3),
    "explanation" TEXT,
    "explained_at" TIMESTAMPTZ(3),
    "explanation_result" TEXT,
    "final_score" INTEGER,
    "final_reason" TEXT,
    "survey_score" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_by" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "leaf_scores_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evidence_files" (
    "id" UUID NOT NULL,
    "assessment_id" UUID NOT NULL,
    "leaf_code" TEXT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "size" INTEGER NOT NULL,
    "media_type" TEXT NOT NULL,
    "original_name" TEXT NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evidence_files_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "actor_role" TEXT,
    "year" INTEGER,
    "assessment_id" UUID,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "before" JSONB,
    "after" JSONB,
    "reason" TEXT,
    "dedupe_key" TEXT,
    "prev_hash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "workflow_steps" (
    "key" TEXT NOT NULL,
    "result" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workflow_steps_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "mail_messages" (
    "key" TEXT NOT NULL,
    "to" TEXT[],
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "mail_messages_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "id" UUID NOT NULL,
    "principal" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "body" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "unit_groups_code_key" ON "unit_groups"("code");

-- CreateIndex
CREATE UNIQUE INDEX "units_code_key" ON "units"("code");

-- CreateIndex
CREATE INDEX "units_group_id_idx" ON "units"("group_id");

-- CreateIndex
CREATE UNIQUE INDEX "criteria_sets_year_group_id_key" ON "criteria_sets"("year", "group_id");

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE INDEX "users_unit_id_idx" ON "users"("unit_id");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE INDEX "field_assignments_user_id_idx" ON "field_assignments"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "field_assignments_year_field_code_user_id_key" ON "field_assignments"("year", "field_code", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "assessments_workflow_id_key" ON "assessments"("workflow_id");

-- CreateIndex
CREATE INDEX "assessments_year_phase_idx" ON "assessments"("year", "phase");

-- CreateIndex
CREATE UNIQUE INDEX "assessments_year_unit_id_key" ON "assessments"("year", "unit_id");

-- CreateIndex
CREATE UNIQUE INDEX "field_appraisals_assessment_id_field_code_round_key" ON "field_appraisals"("assessment_id", "field_code", "round");

-- CreateIndex
CREATE UNIQUE INDEX "leaf_scores_assessment_id_leaf_code_key" ON "leaf_scores"("assessment_id", "leaf_code");

-- CreateIndex
CREATE INDEX "evidence_files_assessment_id_leaf_code_idx" ON "evidence_files"("assessment_id", "leaf_code");

-- CreateIndex
CREATE UNIQUE INDEX "audit_log_dedupe_key_key" ON "audit_log"("dedupe_key");

-- CreateIndex
CREATE INDEX "audit_log_assessment_id_seq_idx" ON "audit_log"("assessment_id", "seq");

-- CreateIndex
CREATE INDEX "audit_log_year_seq_idx" ON "audit_log"("year", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "idempotency_keys_principal_key_key" ON "idempotency_keys"("principal", "key");

-- AddForeignKey
ALTER TABLE "units" ADD CONSTRAINT "units_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "unit_groups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "criteria_sets" ADD CONSTRAINT "criteria_sets_year_fkey" FOREIGN KEY ("year") REFERENCES "years"("year") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "criteria_sets" ADD CONSTRAINT "criteria_sets_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "unit_groups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "field_assignments" ADD CONSTRAINT "field_assignments_year_fkey" FOREIGN KEY ("year") REFERENCES "years"("year") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "field_assignments" ADD CONSTRAINT "field_assignments_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_year_fkey" FOREIGN KEY ("year") REFERENCES "years"("year") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "unit_groups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_criteria_set_id_fkey" FOREIGN KEY ("criteria_set_id") REFERENCES "criteria_sets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "field_appraisals" ADD CONSTRAINT "field_appraisals_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leaf_scores" ADD CONSTRAINT "leaf_scores_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit log is append-only: the database itself refuses to change or remove an entry.
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log"
    FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();

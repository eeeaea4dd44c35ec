-- AlterTable
ALTER TABLE "leaf_scores" ADD COLUMN     "survey_input" JSONB;

-- CreateTable
CREATE TABLE "survey_respondent_groups" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "survey_respondent_groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_questionnaires" (
    "id" UUID NOT NULL,
    "respondent_group_id" UUID NOT NULL,
    "target_group_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "intro" TEXT,
    "option_labels" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "survey_questionnaires_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_questions" (
    "id" UUID NOT NULL,
    "questionnaire_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "leaf_code" TEXT NOT NULL,

    CONSTRAINT "survey_questions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_respondents" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "respondent_group_id" UUID NOT NULL,
    "serial" INTEGER NOT NULL,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "full_name" TEXT,
    "email" TEXT,
    "unit_id" UUID,
    "code_hash" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "sent_via" TEXT,
    "opened_at" TIMESTAMPTZ(3),
    "submitted_at" TIMESTAMPTZ(3),
    "submitted_via" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "survey_respondents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_answers" (
    "id" UUID NOT NULL,
    "respondent_id" UUID NOT NULL,
    "question_id" UUID NOT NULL,
    "unit_id" UUID NOT NULL,
    "option" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "survey_answers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_sessions" (
    "token_hash" TEXT NOT NULL,
    "respondent_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "survey_sessions_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "satisfaction_mappings" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "indicator" TEXT NOT NULL,
    "name" TEXT,
    "group_id" UUID NOT NULL,
    "leaf_code" TEXT NOT NULL,

    CONSTRAINT "satisfaction_mappings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "satisfaction_imports" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "file_name" TEXT,
    "row_count" INTEGER NOT NULL,
    "imported_by" TEXT NOT NULL,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replaced_at" TIMESTAMPTZ(3),

    CONSTRAINT "satisfaction_imports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "satisfaction_results" (
    "id" UUID NOT NULL,
    "import_id" UUID NOT NULL,
    "unit_id" UUID NOT NULL,
    "indicator" TEXT NOT NULL,
    "leaf_code" TEXT NOT NULL,
    "result_pct" INTEGER NOT NULL,
    "sample_size" INTEGER NOT NULL,

    CONSTRAINT "satisfaction_results_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "survey_respondent_groups_year_code_key" ON "survey_respondent_groups"("year", "code");

-- CreateIndex
CREATE INDEX "survey_questionnaires_target_group_id_idx" ON "survey_questionnaires"("target_group_id");

-- CreateIndex
CREATE UNIQUE INDEX "survey_questionnaires_respondent_group_id_target_group_id_key" ON "survey_questionnaires"("respondent_group_id", "target_group_id");

-- CreateIndex
CREATE UNIQUE INDEX "survey_questions_questionnaire_id_code_key" ON "survey_questions"("questionnaire_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "survey_respondents_code_hash_key" ON "survey_respondents"("code_hash");

-- CreateIndex
CREATE INDEX "survey_respondents_respondent_group_id_idx" ON "survey_respondents"("respondent_group_id");

-- CreateIndex
CREATE UNIQUE INDEX "survey_respondents_year_serial_key" ON "survey_respondents"("year", "serial");

-- CreateIndex
CREATE INDEX "survey_answers_question_id_idx" ON "survey_answers"("question_id");

-- CreateIndex
CREATE INDEX "survey_answers_unit_id_idx" ON "survey_answers"("unit_id");

-- CreateIndex
CREATE UNIQUE INDEX "survey_answers_respondent_id_question_id_unit_id_key" ON "survey_answers"("respondent_id", "question_id", "unit_id");

-- CreateIndex
CREATE INDEX "survey_sessions_respondent_id_idx" ON "survey_sessions"("respondent_id");

-- CreateIndex
CREATE UNIQUE INDEX "satisfaction_mappings_year_indicator_group_id_key" ON "satisfaction_mappings"("year", "indicator", "group_id");

-- CreateIndex
CREATE UNIQUE INDEX "satisfaction_mappings_year_group_id_leaf_code_key" ON "satisfaction_mappings"("year", "group_id", "leaf_code");

-- CreateIndex
CREATE INDEX "satisfaction_imports_year_idx" ON "satisfaction_imports"("year");

-- CreateIndex
CREATE INDEX "satisfaction_results_unit_id_idx" ON "satisfaction_results"("unit_id");

-- CreateIndex
CREATE UNIQUE INDEX "satisfaction_results_import_id_unit_id_indicator_key" ON "satisfaction_results"("import_id", "unit_id", "indicator");

-- AddForeignKey
ALTER TABLE "survey_respondent_groups" ADD CONSTRAINT "survey_respondent_groups_year_fkey" FOREIGN KEY ("year") REFERENCES "years"("year") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_questionnaires" ADD CONSTRAINT "survey_questionnaires_respondent_group_id_fkey" FOREIGN KEY ("respondent_group_id") REFERENCES "survey_respondent_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_questionnaires" ADD CONSTRAINT "survey_questionnaires_target_group_id_fkey" FOREIGN KEY ("target_group_id") REFERENCES "unit_groups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_questions" ADD CONSTRAINT "survey_questions_questionnaire_id_fkey" FOREIGN KEY ("questionnaire_id") REFERENCES "survey_questionnaires"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_respondents" ADD CONSTRAINT "survey_respondents_year_fkey" FOREIGN KEY ("year") REFERENCES "years"("year") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_respondents" ADD CONSTRAINT "survey_respondents_respondent_group_id_fkey" FOREIGN KEY ("respondent_group_id") REFERENCES "survey_respondent_groups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_respondents" ADD CONSTRAINT "survey_respondents_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_respondent_id_fkey" FOREIGN KEY ("respondent_id") REFERENCES "survey_respondents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_question_id_fkey" FOREIGN KEY ("question_id") REFERENCES "survey_questions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_sessions" ADD CONSTRAINT "survey_sessions_respondent_id_fkey" FOREIGN KEY ("respondent_id") REFERENCES "survey_respondents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "satisfaction_mappings" ADD CONSTRAINT "satisfaction_mappings_year_fkey" FOREIGN KEY ("year") REFERENCES "years"("year") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "satisfaction_mappings" ADD CONSTRAINT "satisfaction_mappings_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "unit_groups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "satisfaction_imports" ADD CONSTRAINT "satisfaction_imports_year_fkey" FOREIGN KEY ("year") REFERENCES "years"("year") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "satisfaction_results" ADD CONSTRAINT "satisfaction_results_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "satisfaction_imports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "satisfaction_results" ADD CONSTRAINT "satisfaction_results_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Conflicts of interest: a council member named by Sở Nội vụ, for a year, as belonging to a unit
-- (besides the own unit on their account); they do not appraise that unit.
CREATE TABLE "council_conflicts" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "user_id" UUID NOT NULL,
    "unit_id" UUID NOT NULL,
    "reason" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "council_conflicts_pkey" PRIMARY KEY ("id")
);

-- The member who appraises one unit's field in a member's place.
CREATE TABLE "field_substitutes" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "unit_id" UUID NOT NULL,
    "field_code" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "reason" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "field_substitutes_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "council_conflicts_year_user_id_unit_id_key" ON "council_conflicts"("year", "user_id", "unit_id");
CREATE INDEX "council_conflicts_unit_id_idx" ON "council_conflicts"("unit_id");
CREATE UNIQUE INDEX "field_substitutes_year_unit_id_field_code_key" ON "field_substitutes"("year", "unit_id", "field_code");
CREATE INDEX "field_substitutes_user_id_idx" ON "field_substitutes"("user_id");

ALTER TABLE "council_conflicts" ADD CONSTRAINT "council_conflicts_year_fkey" FOREIGN KEY ("year") REFERENCES "years"("year") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "council_conflicts" ADD CONSTRAINT "council_conflicts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "council_conflicts" ADD CONSTRAINT "council_conflicts_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "field_substitutes" ADD CONSTRAINT "field_substitutes_year_fkey" FOREIGN KEY ("year") REFERENCES "years"("year") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "field_substitutes" ADD CONSTRAINT "field_substitutes_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "field_substitutes" ADD CONSTRAINT "field_substitutes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

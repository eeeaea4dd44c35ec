-- Supplementary evidence (tài liệu bổ sung): added during an explanation window to a leaf the
-- council asked the unit to explain; the dispute round it was added in.
ALTER TABLE "evidence_files" ADD COLUMN "supplementary" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "evidence_files" ADD COLUMN "dispute_round" INTEGER;

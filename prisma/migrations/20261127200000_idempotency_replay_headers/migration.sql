-- AlterTable
ALTER TABLE "idempotency_keys" ADD COLUMN     "headers" JSONB;

-- CreateIndex
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys"("created_at");

-- Login throttling keyed on account and address together (growing waits, never a hard lock a
-- stranger can trigger); the per-account lock goes.
ALTER TABLE "users" DROP COLUMN "failed_logins",
DROP COLUMN "locked_until";

-- CreateTable
CREATE TABLE "login_throttles" (
    "username" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "blocked_until" TIMESTAMPTZ(3),
    "last_failure_at" TIMESTAMPTZ(3),
    "last_success_at" TIMESTAMPTZ(3),

    CONSTRAINT "login_throttles_pkey" PRIMARY KEY ("username","address")
);

-- CreateIndex
CREATE INDEX "login_throttles_address_idx" ON "login_throttles"("address");

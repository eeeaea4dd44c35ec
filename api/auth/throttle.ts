import { ipKeyGenerator } from 'express-rate-limit';
import { recordAudit } from '../../lib/audit';
import type { Db } from '../../lib/db/prisma';

/**
 * Login throttling keyed on the account and the client address together. A streak of wrong
 * passwords for one username from one address earns growing waits (never a lock), so a stranger
 * elsewhere cannot shut a unit head out, and an office whose officials share one public address
 * (NAT) is not shut out by one of them mistyping. Successful sign-ins never count; they end the
 * pair's streak and make the address trusted for that account. Many failures from one address over
 * any usernames (password spraying) slow that address down, except for accounts recently signed in
 * from it. Unknown usernames are throttled exactly like known ones, so no answer tells them apart.
 */

export interface ThrottlePolicy {
  /** Wrong passwords for one account from one address before the first wait. */
  freeFailures: number;
  /** The first wait; each further failure doubles it, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A streak is forgotten after this long without a failure. */
  forgetAfterMs: number;
  /** Failures from one address over every username within `addressWindowMs` before that address waits. */
  addressFreeFailures: number;
  addressWindowMs: number;
  /** An account signed in from an address within this long is not slowed by that address's other failures. */
  trustedForMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  freeFailures: 5,
  baseDelayMs: 15_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 24 * 60 * 60_000,
  addressFreeFailures: 100,
  addressWindowMs: 15 * 60_000,
  trustedForMs: 30 * 24 * 60 * 60_000,
};

/** The row holding an address's failures over every username. */
const ANY_USER = '*';

export function throttleKey(username: string): string {
  return username.trim().toLowerCase().slice(0, 100);
}

/** IPv6 clients are keyed by their /56 network (one household or office), IPv4 by the address. */
export function clientAddress(ip: string | undefined): string {
  return ipKeyGenerator(ip ?? 'unknown');
}

export function waitAfter(failures: number, free: number, p: Pick<ThrottlePolicy, 'baseDelayMs' | 'maxDelayMs'>): number {
  if (failures < free) return 0;
  return Math.min(p.baseDelayMs * 2 ** Math.min(failures - free, 30), p.maxDelayMs);
}

export type Attempt = { allowed: true; blockedNow: boolean; failures: number; until: Date | null } | { allowed: false; retryAfterMs: number };

interface Row {
  failures: number;
  blocked_until: Date | null;
  last_failure_at: Date | null;
  last_success_at: Date | null;
}

/**
 * Takes one attempt for the pair before the password is checked: counted as a failure at once, so
 * a burst of parallel guesses sees the wait the earlier ones earned; a success clears it again.
 * Refused (with the wait left) while the pair, or the untrusted pair's address, must wait.
 */
export async function beginAttempt(db: Db, username: string, address: string, policy: ThrottlePolicy, now = new Date()): Promise<Attempt> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO login_throttles (username, address) VALUES (${username}, ${address}), (${ANY_USER}, ${address}) ON CONFLICT DO NOTHING`;
    const rows = await tx.$queryRaw<(Row & { username: string })[]>`
      SELECT username, failures, blocked_until, last_failure_at, last_success_at FROM login_throttles
       WHERE address = ${address} AND username IN (${username}, ${ANY_USER}) ORDER BY username = ${ANY_USER} FOR UPDATE`;
    const pair = rows.find((r) => r.username === username)!;
    const wide = rows.find((r) => r.username === ANY_USER)!;
    const t = now.getTime();
    const trusted = pair.last_success_at !== null && t - pair.last_success_at.getTime() < policy.trustedForMs;
    const wait = Math.max(
      pair.blocked_until ? pair.blocked_until.getTime() - t : 0,
      !trusted && wide.blocked_until ? wide.blocked_until.getTime() - t : 0,
    );
    if (wait > 0) return { allowed: false, retryAfterMs: wait };

    const fresh = pair.last_failure_at === null || t - pair.last_failure_at.getTime() > policy.forgetAfterMs;
    const failures = (fresh ? 0 : pair.failures) + 1;
    const delay = waitAfter(failures, policy.freeFailures, policy);
    const until = delay ? new Date(t + delay) : null;
    await tx.$executeRaw`UPDATE login_throttles SET failures = ${failures}, last_failure_at = ${now}, blocked_until = ${until}
      WHERE username = ${username} AND address = ${address}`;
    return { allowed: true, blockedNow: until !== null, failures, until };
  });
}

/** The password was right: the pair's streak ends and the address is trusted for this account. */
export async function attemptSucceeded(db: Db, username: string, address: string, now = new Date()): Promise<void> {
  await db.$executeRaw`UPDATE login_throttles SET failures = 0, blocked_until = NULL, last_failure_at = NULL, last_success_at = ${now}
    WHERE username = ${username} AND address = ${address}`;
}

/**
 * The password was wrong: the failure (already counted for the pair) also counts for the address,
 * and each wait imposed on a real account or on an address is written to the audit log.
 */
export async function attemptFailed(
  db: Db,
  attempt: Extract<Attempt, { allowed: true }>,
  who: { username: string; address: string; accountExists: boolean },
  policy: ThrottlePolicy,
  now = new Date(),
): Promise<void> {
  const t = now.getTime();
  const [wide] = await db.$queryRaw<Row[]>`
    UPDATE login_throttles SET
      failures = CASE WHEN last_failure_at IS NULL OR last_failure_at < ${new Date(t - policy.addressWindowMs)} THEN 1 ELSE failures + 1 END,
      last_failure_at = ${now}
    WHERE username = ${ANY_USER} AND address = ${who.address}
    RETURNING failures, blocked_until, last_failure_at, last_success_at`;
  if (wide) {
    const delay = waitAfter(wide.failures, policy.addressFreeFailures, policy);
    if (delay) {
      const until = new Date(t + delay);
      await db.$executeRaw`UPDATE login_throttles SET blocked_until = ${until} WHERE username = ${ANY_USER} AND address = ${who.address}`;
      await recordAudit(db, {
        at: now,
        actor: 'system',
        action: 'auth.address-throttled',
        target: who.address,
        after: { failures: wide.failures, until: until.toISOString() },
        reason: `${wide.failures} lần đăng nhập sai từ địa chỉ này trong ${Math.round(policy.addressWindowMs / 60_000)} phút`,
      });
    }
  }
  if (attempt.blockedNow && who.accountExists) {
    await recordAudit(db, {
      at: now,
      actor: 'system',
      action: 'auth.throttled',
      target: who.username,
      after: { address: who.address, failures: attempt.failures, until: attempt.until!.toISOString() },
      reason: `Đăng nhập sai ${attempt.failures} lần liên tiếp từ địa chỉ ${who.address}`,
    });
  }
}

/**
 * Sở Nội vụ unlocks an account: every wait on it ends at once, from every address, including an
 * address's own wait where this account's failures were counted. Returns the pairs cleared.
 */
export async function clearThrottle(db: Pick<Db, '$queryRaw'>, username: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    WITH mine AS (
      UPDATE login_throttles SET failures = 0, blocked_until = NULL, last_failure_at = NULL
       WHERE username = ${throttleKey(username)} AND (failures > 0 OR blocked_until IS NOT NULL) RETURNING address
    ), wide AS (
      UPDATE login_throttles SET failures = 0, blocked_until = NULL, last_failure_at = NULL
       WHERE username = ${ANY_USER} AND address IN (SELECT address FROM mine) RETURNING 1
    )
    SELECT (SELECT count(*) FROM mine)::int AS n, (SELECT count(*) FROM wide)::int AS w`;
  return row?.n ?? 0;
}

/** Until when each of these accounts must wait from some address (none when it need not). */
export async function waitsOf(db: Db, usernames: string[], now = new Date()): Promise<Map<string, Date>> {
  if (!usernames.length) return new Map();
  const rows = await db.loginThrottle.groupBy({
    by: ['username'],
    where: { username: { in: usernames.map(throttleKey) }, blockedUntil: { gt: now } },
    _max: { blockedUntil: true },
  });
  return new Map(rows.map((r) => [r.username, r._max.blockedUntil!]));
}

/** Streaks nobody has continued for a long time, and trust nobody has renewed, are forgotten. */
export async function forgetOldThrottles(db: Db, policy: ThrottlePolicy, now = new Date()): Promise<void> {
  const before = new Date(now.getTime() - Math.max(policy.forgetAfterMs, policy.trustedForMs));
  await db.$executeRaw`DELETE FROM login_throttles WHERE (blocked_until IS NULL OR blocked_until < ${now})
    AND coalesce(greatest(last_failure_at, last_success_at), '-infinity') < ${before}`;
}

import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { cp, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');

/**
 * A copy of this checkout (committed and uncommitted files, as a clone with the work in progress
 * would have) under `target`, with the installed packages linked rather than copied (854 MB) and the
 * generated Prisma client and web bundle copied with their times, so `npm start` there installs and
 * rebuilds nothing.
 */
export async function copyCheckout(target: string): Promise<void> {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' });
  const files = listed.split('\0').filter((f) => f && existsSync(path.join(REPO, f)));
  await mkdir(target, { recursive: true });
  for (const file of files) {
    await mkdir(path.dirname(path.join(target, file)), { recursive: true });
    await cp(path.join(REPO, file), path.join(target, file), { preserveTimestamps: true });
  }
  for (const dir of ['generated', 'web/dist']) {
    await cp(path.join(REPO, dir), path.join(target, dir), { recursive: true, preserveTimestamps: true });
  }
  await symlink(path.join(REPO, 'node_modules'), path.join(target, 'node_modules'));
  // setup.sh would run `npm ci` through the link (and rewrite this checkout's packages) if they looked stale.
  const lock = statSync(path.join(target, 'package-lock.json')).mtimeMs;
  const installed = statSync(path.join(REPO, 'node_modules', '.package-lock.json')).mtimeMs;
  if (lock > installed) throw new Error('node_modules cũ hơn package-lock.json: hãy chạy npm ci trước.');
}

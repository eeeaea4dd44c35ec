import { createHash, randomBytes } from 'node:crypto';

/**
 * Respondents' single-use codes. A code is printed on an invitation or sent by e-mail and typed in by
 * hand, so it uses 32 letters and digits that cannot be mistaken for one another (no I, O, 0, 1):
 * 12 characters = 60 bits, shown as ABCD-EFGH-JKMN. Only the SHA-256 of a code is stored.
 */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const LENGTH = 12;

export function newCode(): string {
  const bytes = randomBytes(LENGTH);
  let code = '';
  // 256 is a multiple of 32, so each byte's low five bits pick a letter uniformly.
  for (const byte of bytes) code += ALPHABET[byte & 31];
  return formatCode(code);
}

export function formatCode(normalized: string): string {
  return normalized.match(/.{1,4}/g)!.join('-');
}

/** The code as stored for hashing: capitals, no spaces or dashes; null when it cannot be a code. */
export function normalizeCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (compact.length !== LENGTH) return null;
  for (const c of compact) if (!ALPHABET.includes(c)) return null;
  return compact;
}

export function codeHash(code: string): string {
  const normalized = normalizeCode(code);
  if (normalized === null) throw new Error('not a survey code');
  return createHash('sha256').update(`survey-code:${normalized}`).digest('hex');
}

/** A respondent's session token (bearer secret) and the hash kept of it. */
export function newSessionToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: sessionTokenHash(token) };
}

export function sessionTokenHash(token: string): string {
  return createHash('sha256').update(`survey-session:${token}`).digest('hex');
}

import { z } from 'zod';

/**
 * What a new password must be: long enough to resist guessing (NIST SP 800-63B asks for length, not
 * character classes), not the username, not absurdly long (scrypt hashes every byte).
 */
export const MIN_PASSWORD_LENGTH = 10;

export const newPassword = z
  .string({ error: 'Mật khẩu phải là chuỗi ký tự' })
  .min(MIN_PASSWORD_LENGTH, `Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự`)
  .max(200, 'Mật khẩu tối đa 200 ký tự')
  .refine((p) => p.trim().length >= MIN_PASSWORD_LENGTH, 'Mật khẩu không được chủ yếu là khoảng trắng')
  .refine((p) => new Set(p).size >= 4, 'Mật khẩu quá đơn giản (cần ít nhất 4 ký tự khác nhau)');

/** The username inside the password is the first thing an attacker tries. */
export function passwordProblem(username: string, password: string): string | null {
  return password.toLowerCase().includes(username.toLowerCase()) ? 'Mật khẩu không được chứa tên đăng nhập' : null;
}

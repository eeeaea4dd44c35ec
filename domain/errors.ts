/**
 * A programming or data error raised by the domain (never for a user's ordinary mistake, which is
 * returned as data: validation issues, score refusals). `code` is stable; `message` is Vietnamese.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

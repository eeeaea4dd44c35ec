/**
 * `Content-Disposition: attachment` with the file's own name for every browser: an ASCII fallback in
 * `filename` and the exact UTF-8 name in `filename*` (RFC 6266 / RFC 5987), so Vietnamese names
 * survive and no header injection is possible.
 */
export function attachment(name: string): string {
  const fallback =
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\]/g, '_') || 'tep';
  const encoded = encodeURIComponent(name.normalize('NFC')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

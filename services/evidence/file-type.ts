/**
 * Which evidence files are accepted: PDF, Word, Excel and images, recognised by their content (magic
 * bytes, and for Office Open XML the parts inside the zip) as well as by their name. A file whose
 * content does not match its extension is refused, so a renamed executable or HTML page never passes.
 */

export interface FileKind {
  extensions: readonly string[];
  mediaType: string;
  label: string;
}

const KINDS = {
  pdf: { extensions: ['pdf'], mediaType: 'application/pdf', label: 'PDF' },
  docx: { extensions: ['docx'], mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word (.docx)' },
  xlsx: { extensions: ['xlsx'], mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel (.xlsx)' },
  doc: { extensions: ['doc'], mediaType: 'application/msword', label: 'Word 97–2003 (.doc)' },
  xls: { extensions: ['xls'], mediaType: 'application/vnd.ms-excel', label: 'Excel 97–2003 (.xls)' },
  png: { extensions: ['png'], mediaType: 'image/png', label: 'PNG' },
  jpeg: { extensions: ['jpg', 'jpeg'], mediaType: 'image/jpeg', label: 'JPEG' },
  gif: { extensions: ['gif'], mediaType: 'image/gif', label: 'GIF' },
  webp: { extensions: ['webp'], mediaType: 'image/webp', label: 'WebP' },
} as const satisfies Record<string, FileKind>;

export type KindName = keyof typeof KINDS;

export const ACCEPTED_EXTENSIONS = Object.values(KINDS).flatMap((k) => k.extensions);
export const ACCEPTED_LABEL = Object.values(KINDS)
  .map((k) => k.label)
  .join(', ');

/** The bytes to look at: the start of the file and its last bytes (where a zip lists its parts). */
export const HEAD_BYTES = 4096;
export const TAIL_BYTES = 65536;

const startsWith = (buf: Buffer, bytes: readonly number[], offset = 0) => buf.length >= offset + bytes.length && bytes.every((b, i) => buf[offset + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The kinds the content can be (Word and Excel 97–2003 share one container format). */
export function kindsOfContent(head: Buffer, tail: Buffer): KindName[] {
  if (startsWith(head, ascii('%PDF-'))) return ['pdf'];
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return ['png'];
  if (startsWith(head, [0xff, 0xd8, 0xff])) return ['jpeg'];
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return ['gif'];
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return ['webp'];
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return ['doc', 'xls'];
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    // An Office Open XML file is a zip whose central directory (at the end) names its parts.
    const names = `${head.toString('latin1')}${tail.toString('latin1')}`;
    if (!names.includes('[Content_Types].xml')) return [];
    if (names.includes('word/document.xml')) return ['docx'];
    if (names.includes('xl/workbook.xml')) return ['xlsx'];
  }
  return [];
}

export type NameCheck = { ok: true; name: string; extension: string } | { ok: false; message: string };

/** A file name as people see it: shown, never used as a path. Refused when it tries to be one. */
export function checkFileName(raw: string | undefined): NameCheck {
  const name = (raw ?? '').normalize('NFC').trim();
  if (!name) return { ok: false, message: 'Tệp cần có tên.' };
  if (name.length > 200) return { ok: false, message: 'Tên tệp tối đa 200 ký tự.' };
  if (/[/\\]/.test(name)) return { ok: false, message: 'Tên tệp không được chứa dấu / hoặc \\.' };
  if ([...name].some((c) => c < ' ' || c === '\u007f')) return { ok: false, message: 'Tên tệp không được chứa ký tự điều khiển.' };
  if (name.startsWith('.')) return { ok: false, message: 'Tên tệp không được bắt đầu bằng dấu chấm.' };
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (!(ACCEPTED_EXTENSIONS as readonly string[]).includes(extension)) {
    return { ok: false, message: `Chỉ nhận tệp ${ACCEPTED_LABEL} (đuôi ${ACCEPTED_EXTENSIONS.map((e) => `.${e}`).join(', ')}).` };
  }
  return { ok: true, name, extension };
}

/** The media type to store and serve, when the content agrees with the name; null otherwise. */
export function mediaTypeOf(extension: string, head: Buffer, tail: Buffer): string | null {
  for (const kind of kindsOfContent(head, tail)) {
    const k: FileKind = KINDS[kind];
    if (k.extensions.includes(extension)) return k.mediaType;
  }
  return null;
}

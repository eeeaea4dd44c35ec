import { api, download, request } from '../../lib/api';
import { confirmAction } from '../../lib/dialog';
import { filePicker, h } from '../../lib/dom';
import { dateTime } from '../../lib/format';
import { errorText, notify } from '../../lib/notify';
import { unitPath } from '../../lib/sheet-data';

/**
 * The evidence documents (tài liệu kiểm chứng) of one leaf: listed when opened, downloaded with the
 * session's token, uploaded while the self-assessment is open. The server checks type and size; the
 * browser only says what it accepts.
 */

export interface EvidenceFile {
  id: string;
  leafCode: string;
  originalName: string;
  size: number;
  mediaType: string;
  uploadedBy: string;
  createdAt: string;
  sha256: string;
  /** Added during an explanation window (tài liệu bổ sung). */
  supplementary: boolean;
  disputeRound: number | null;
}

export const ACCEPTED_TYPES = '.pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg,.gif,.webp';

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} KB`;
  return `${(bytes / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
}

interface Options {
  year: string;
  unitCode: string;
  leafCode: string;
  editable: boolean;
  /** During an explanation window: what is added is supplementary, and only supplementary files can be removed. */
  supplementary?: boolean;
  /** How many files the leaf has, as the sheet said; the list itself loads when opened. */
  count?: number;
}

const leafEvidencePath = (o: { year: string; unitCode: string; leafCode: string }) => `${unitPath(o.year, o.unitCode)}/leaves/${encodeURIComponent(o.leafCode)}/evidence`;

function supplementaryLabel(file: EvidenceFile): Node | null {
  return file.supplementary ? h('span', { class: 'badge warn' }, `Bổ sung khi giải trình${file.disputeRound ? ` (vòng ${file.disputeRound})` : ''}`) : null;
}

/** One file: its name (a download), size, who added it and when, the content's hash, and whether it is supplementary. */
function fileRow(o: { year: string; unitCode: string }, file: EvidenceFile, remove?: (file: EvidenceFile) => void): HTMLElement {
  return h(
    'li',
    null,
    h(
      'button',
      {
        type: 'button',
        class: 'link',
        on: { click: () => void download(`${unitPath(o.year, o.unitCode)}/evidence/${encodeURIComponent(file.id)}`, file.originalName).catch((e: unknown) => notify(errorText(e), 'error')) },
      },
      file.originalName,
    ),
    supplementaryLabel(file) ? [' ', supplementaryLabel(file)] : null,
    h('span', { class: 'muted small' }, ` · ${fileSize(file.size)} · ${file.uploadedBy} · ${dateTime(file.createdAt)}`, h('span', { class: 'sha', title: `SHA-256: ${file.sha256}` }, ` · SHA-256 ${file.sha256.slice(0, 12)}…`)),
    remove ? h('button', { type: 'button', class: 'link danger small', 'aria-label': `Xóa tệp ${file.originalName}`, on: { click: () => remove(file) } }, 'Xóa') : null,
  );
}

/**
 * The supplementary files the unit added to a leaf while explaining it, shown to the round 2
 * appraiser beside the explanation (loaded at once: a round 2 screen has few leaves).
 */
export function supplementaryEvidence(o: { year: string; unitCode: string; leafCode: string }): HTMLElement {
  const list = h('ul', { class: 'files supplementary-files' });
  const box = h('div', { class: 'supplementary-evidence' }, h('p', { class: 'muted small', role: 'status' }, 'Đang tải tài liệu bổ sung…'), list);
  void api.get<{ items: EvidenceFile[] }>(leafEvidencePath(o)).then(
    ({ items }) => {
      const files = items.filter((f) => f.supplementary);
      box.firstChild!.textContent = files.length ? `Tài liệu bổ sung khi giải trình (${files.length}):` : 'Đơn vị không bổ sung tài liệu khi giải trình.';
      list.replaceChildren(...files.map((f) => fileRow(o, f)));
    },
    (error: unknown) => {
      box.firstChild!.textContent = `Không tải được tài liệu bổ sung: ${errorText(error)}`;
    },
  );
  return box;
}

export function evidencePanel(options: Options): HTMLElement {
  const base = leafEvidencePath(options);
  const list = h('ul', { class: 'files' });
  const count = h('span', { class: 'count' }, options.count !== undefined ? ` (${options.count})` : '');
  const message = h('p', { class: 'muted', role: 'status' });
  let loaded = false;

  async function refresh(): Promise<void> {
    message.textContent = 'Đang tải danh sách…';
    try {
      const files = (await api.get<{ items: EvidenceFile[] }>(base)).items;
      loaded = true;
      count.textContent = ` (${files.length})`;
      list.replaceChildren(...files.map(row));
      message.textContent = files.length ? '' : 'Chưa có tài liệu nào.';
    } catch (error) {
      message.textContent = `Không tải được danh sách: ${errorText(error)}`;
    }
  }

  // While explaining, only the files added in this window can be removed (the server says so too).
  const removable = (file: EvidenceFile) => options.editable && (!options.supplementary || file.supplementary);
  const row = (file: EvidenceFile) => fileRow(options, file, removable(file) ? (f) => void remove(f) : undefined);

  async function remove(file: EvidenceFile): Promise<void> {
    if (!(await confirmAction('Xóa tài liệu kiểm chứng', `Xóa tệp “${file.originalName}” khỏi tiêu chí ${options.leafCode}?`, 'Xóa tệp', true))) return;
    try {
      await request('DELETE', `${unitPath(options.year, options.unitCode)}/evidence/${encodeURIComponent(file.id)}`);
      notify(`Đã xóa tệp ${file.originalName}.`);
      await refresh();
    } catch (error) {
      notify(errorText(error), 'error');
    }
  }

  const picker = filePicker('Chọn tệp…', { accept: ACCEPTED_TYPES, multiple: true });
  const input = picker.input;
  const uploadButton = h('button', { type: 'button', class: 'btn secondary small' }, 'Tải lên');
  uploadButton.addEventListener('click', () => void upload());

  async function upload(): Promise<void> {
    const files = Array.from(input.files ?? []);
    if (!files.length) {
      message.textContent = 'Chọn tệp cần tải lên trước.';
      input.focus();
      return;
    }
    uploadButton.disabled = true;
    try {
      for (const file of files) {
        message.textContent = `Đang tải lên ${file.name}…`;
        const form = new FormData();
        form.append('file', file, file.name);
        await request('POST', base, { raw: form });
      }
      input.value = '';
      input.dispatchEvent(new Event('change'));
      notify(files.length === 1 ? `Đã tải lên ${files[0]!.name}.` : `Đã tải lên ${files.length} tệp.`);
      await refresh();
    } catch (error) {
      message.textContent = `Không tải lên được: ${errorText(error)}`;
    } finally {
      uploadButton.disabled = false;
    }
  }

  const details = h(
    'details',
    { class: 'evidence' },
    h('summary', null, 'Tài liệu kiểm chứng đã tải lên', count),
    list,
    message,
    options.editable
      ? h(
          'div',
          { class: 'upload' },
          h('span', { class: 'upload-label', 'aria-hidden': 'true' }, options.supplementary ? 'Bổ sung tài liệu khi giải trình (PDF, Word, Excel, ảnh):' : 'Thêm tài liệu (PDF, Word, Excel, ảnh):'),
          picker.element,
          uploadButton,
        )
      : null,
  );
  details.addEventListener('toggle', () => {
    if (details.open && !loaded) void refresh();
  });
  // A leaf being explained shows its files and the upload at once.
  if (options.supplementary && options.editable) {
    details.open = true;
    void refresh();
  }
  return details;
}

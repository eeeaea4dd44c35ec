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
  /** How many files the leaf has, as the sheet said; the list itself loads when opened. */
  count?: number;
}

export function evidencePanel(options: Options): HTMLElement {
  const base = `${unitPath(options.year, options.unitCode)}/leaves/${encodeURIComponent(options.leafCode)}/evidence`;
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

  function row(file: EvidenceFile): HTMLElement {
    return h(
      'li',
      null,
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          on: { click: () => void download(`${unitPath(options.year, options.unitCode)}/evidence/${encodeURIComponent(file.id)}`, file.originalName).catch((e: unknown) => notify(errorText(e), 'error')) },
        },
        file.originalName,
      ),
      h('span', { class: 'muted small' }, ` · ${fileSize(file.size)} · ${file.uploadedBy} · ${dateTime(file.createdAt)}`, h('span', { class: 'sha', title: `SHA-256: ${file.sha256}` }, ` · SHA-256 ${file.sha256.slice(0, 12)}…`)),
      options.editable
        ? h('button', { type: 'button', class: 'link danger small', 'aria-label': `Xóa tệp ${file.originalName}`, on: { click: () => void remove(file) } }, 'Xóa')
        : null,
    );
  }

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
          h('span', { class: 'upload-label', 'aria-hidden': 'true' }, 'Thêm tài liệu (PDF, Word, Excel, ảnh):'),
          picker.element,
          uploadButton,
        )
      : null,
  );
  details.addEventListener('toggle', () => {
    if (details.open && !loaded) void refresh();
  });
  return details;
}

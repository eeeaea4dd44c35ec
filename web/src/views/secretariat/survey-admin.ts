import { api, ApiError, download, request, type ProblemField } from '../../lib/api';
import type { Ctx } from '../../lib/context';
import { formDialog } from '../../lib/dialog';
import { filePicker, h } from '../../lib/dom';
import { dateTime } from '../../lib/format';
import { alertBox, errorText, notify } from '../../lib/notify';
import { issuesTable } from './issues';

/**
 * The sociological survey as Sở Nội vụ runs it: the design at a glance (respondent groups, their
 * questionnaires, survey leaves still without a question), progress by group and by rated unit,
 * printed codes (shown once, to print), e-mail invitations, and paper forms typed into the Excel
 * template. Chair and leaders see the same progress, read-only.
 */

interface Design {
  year: number;
  status: string;
  respondentGroups: { code: string; name: string; respondents: number; questionnaires: { targetGroup: string; title: string; questions: unknown[]; issues: ProblemField[] }[] }[];
  unfedLeaves: { groupCode: string; leafCode: string; title: string }[];
}

interface Counts {
  forms: number;
  sent: number;
  opened: number;
  submitted: number;
}

interface Progress {
  year: number;
  state: 'not_started' | 'open' | 'closed';
  closesAt: string;
  byGroup: (Counts & { code: string; name: string; online: number; paper: number })[];
  byUnit: (Counts & { unitCode: string; unitName: string; groupCode: string })[];
}

const STATE_LABELS: Record<Progress['state'], string> = { not_started: 'Chưa bắt đầu', open: 'Đang mở', closed: 'Đã kết thúc' };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function surveyAdminView(ctx: Ctx): Promise<Node> {
  const year = Number(ctx.params.year);
  ctx.title(`Điều tra xã hội học năm ${year}`);
  const canAct = ctx.session!.user.role === 'secretariat';
  const [design, progress, units] = await Promise.all([
    api.get<Design>(`/years/${year}/surveys`),
    api.get<Progress>(`/years/${year}/surveys/progress`),
    canAct ? api.get<{ items: { code: string; name: string }[] }>('/units?pageSize=500').then((b) => b.items) : Promise.resolve([]),
  ]);

  const percentOf = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : '—');
  const progressTables = h(
    'div',
    null,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data' },
        h('caption', null, 'Theo nhóm người trả lời'),
        h('thead', null, h('tr', null, ['Nhóm', 'Số phiếu', 'Đã gửi mã', 'Đã mở', 'Đã nộp', 'Trực tuyến', 'Phiếu giấy', 'Tỷ lệ nộp'].map((c, i) => h('th', { scope: 'col', class: i ? 'num' : '' }, c)))),
        h(
          'tbody',
          null,
          progress.byGroup.map((g) =>
            h('tr', null, h('th', { scope: 'row' }, g.name), [g.forms, g.sent, g.opened, g.submitted, g.online, g.paper].map((n) => h('td', { class: 'num' }, String(n))), h('td', { class: 'num' }, percentOf(g.submitted, g.forms))),
          ),
        ),
      ),
    ),
    h(
      'details',
      { class: 'by-unit' },
      h('summary', null, 'Theo đơn vị được đánh giá'),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'data' },
          h('thead', null, h('tr', null, ['Đơn vị', 'Số phiếu có đơn vị', 'Đã nộp', 'Tỷ lệ'].map((c, i) => h('th', { scope: 'col', class: i ? 'num' : '' }, c)))),
          h('tbody', null, progress.byUnit.map((u) => h('tr', null, h('th', { scope: 'row' }, u.unitName), h('td', { class: 'num' }, String(u.forms)), h('td', { class: 'num' }, String(u.submitted)), h('td', { class: 'num' }, percentOf(u.submitted, u.forms))))),
        ),
      ),
    ),
  );

  const designList = h(
    'ul',
    null,
    design.respondentGroups.map((g) =>
      h(
        'li',
        null,
        h('strong', null, g.name),
        ` (${g.code}, ${g.respondents} phiếu): `,
        g.questionnaires.length ? g.questionnaires.map((q, i) => [i ? '; ' : '', `${q.title} — ${q.questions.length} câu hỏi`, q.issues.length ? h('span', { class: 'overdue' }, ` (${q.issues.length} lỗi)`) : '']) : h('span', { class: 'muted' }, 'chưa có phiếu'),
      ),
    ),
  );

  // Printed codes: issued here, shown once, to print and hand out.
  const codesOut = h('div', { class: 'codes-out' });
  async function issueCodes(): Promise<void> {
    const form = await formDialog(
      'Cấp mã trả lời phiếu để in thư mời',
      [
        h('div', { class: 'field' }, h('label', { for: 'c-group' }, 'Nhóm người trả lời'), h('select', { id: 'c-group', name: 'group', required: true }, design.respondentGroups.map((g) => h('option', { value: g.code }, g.name)))),
        h('div', { class: 'field' }, h('label', { for: 'c-count' }, 'Số mã'), h('input', { id: 'c-count', name: 'count', type: 'number', min: 1, max: 500, required: true, props: { value: '10' } })),
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'c-unit' }, 'Đơn vị của người nhận (phiếu sẽ không có đơn vị này)'),
          h('select', { id: 'c-unit', name: 'unit' }, h('option', { value: '' }, 'Không thuộc đơn vị được đánh giá'), units.map((u) => h('option', { value: u.code }, u.name))),
        ),
        alertBox('Mỗi mã chỉ hiện một lần, ngay sau khi cấp; hãy in hoặc lưu danh sách trước khi rời trang.', 'warn'),
      ],
      'Cấp mã',
      (f) => {
        const n = Number((f.elements.namedItem('count') as HTMLInputElement).value);
        return Number.isInteger(n) && n >= 1 && n <= 500 ? null : 'Số mã từ 1 đến 500.';
      },
    );
    if (!form) return;
    try {
      const unit = String(form.get('unit'));
      const result = await api.post<{ codes: { serial: number; code: string }[] }>(`/years/${year}/surveys/codes`, { respondentGroup: String(form.get('group')), count: Number(form.get('count')), unitCode: unit || null });
      const groupName = design.respondentGroups.find((g) => g.code === form.get('group'))?.name ?? '';
      codesOut.replaceChildren(
        h('h3', null, `${result.codes.length} mã mới — ${groupName}`),
        h('p', null, h('button', { type: 'button', class: 'btn secondary small', on: { click: () => window.print() } }, 'In danh sách mã')),
        h('table', { class: 'data codes' }, h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Số phiếu'), h('th', { scope: 'col' }, 'Mã trả lời phiếu'))), h('tbody', null, result.codes.map((c) => h('tr', null, h('td', null, String(c.serial)), h('td', { class: 'code-cell' }, c.code))))),
      );
      ctx.guard(() => true);
      notify(`Đã cấp ${result.codes.length} mã.`);
    } catch (error) {
      notify(errorText(error), 'error');
    }
  }

  async function invite(): Promise<void> {
    try {
      const result = await api.post<{ sent: number[]; failed: { serial: number; message: string }[] }>(`/years/${year}/surveys/invitations`, {});
      notify(result.sent.length ? `Đã gửi thư mời cho ${result.sent.length} người.` : 'Không còn người nào chưa được mời.', result.failed.length ? 'error' : 'ok');
      if (result.failed.length) codesOut.replaceChildren(alertBox(`Không gửi được: ${result.failed.map((f) => `phiếu ${f.serial} (${f.message})`).join('; ')}`));
    } catch (error) {
      notify(errorText(error), 'error');
    }
  }

  // Paper forms: the template lists every unsubmitted form × unit × question; filled in and sent back.
  const paper = filePicker('Chọn tệp đã nhập…', { accept: '.xlsx,' + XLSX_TYPE });
  const paperResult = h('div');
  async function importPaper(): Promise<void> {
    paperResult.replaceChildren();
    const file = paper.input.files?.[0];
    if (!file) return void paperResult.append(alertBox('Chọn tệp Excel đã nhập phiếu giấy.'));
    try {
      const done = await request<{ forms: number; answers: number }>('POST', `/years/${year}/surveys/paper-forms/xlsx`, { raw: file, headers: { 'content-type': XLSX_TYPE } });
      paperResult.append(alertBox(`Đã nhập ${done.body.forms} phiếu giấy (${done.body.answers} câu trả lời).`, 'ok'));
    } catch (error) {
      paperResult.append(alertBox(error instanceof ApiError ? error.text : errorText(error)));
      if (error instanceof ApiError && error.errors.length) paperResult.append(issuesTable(error.errors));
    }
  }

  return h(
    'div',
    { class: 'survey-admin' },
    h('h1', null, `Điều tra xã hội học năm ${year}`),
    h('p', { class: 'status-line' }, h('span', { class: 'badge' }, STATE_LABELS[progress.state]), `Hạn trả lời: ${dateTime(progress.closesAt)}`),
    h('h2', null, 'Tiến độ'),
    progressTables,
    h('h2', null, 'Thiết kế phiếu'),
    design.respondentGroups.length ? designList : alertBox('Chưa có nhóm người trả lời nào.', 'info'),
    design.unfedLeaves.length ? alertBox(`Tiêu chí điều tra chưa có câu hỏi nào: ${design.unfedLeaves.map((l) => `${l.groupCode} ${l.leafCode}`).join(', ')}.`, 'warn') : null,
    canAct
      ? [
          h('h2', null, 'Mã trả lời và thư mời'),
          h(
            'p',
            { class: 'toolbar' },
            h('button', { type: 'button', class: 'btn primary', props: { disabled: !design.respondentGroups.length }, on: { click: () => void issueCodes() } }, 'Cấp mã để in'),
            h('button', { type: 'button', class: 'btn secondary', on: { click: () => void invite() } }, 'Gửi thư mời qua e-mail cho người chưa được mời'),
          ),
          codesOut,
          h('h2', null, 'Phiếu giấy'),
          h(
            'p',
            { class: 'upload' },
            h(
              'button',
              { type: 'button', class: 'btn secondary small', on: { click: () => void download(`/years/${year}/surveys/paper-forms/xlsx`, `Phiếu giấy năm ${year}.xlsx`).catch((e: unknown) => notify(errorText(e), 'error')) } },
              'Tải mẫu nhập phiếu giấy',
            ),
            paper.element,
            h('button', { type: 'button', class: 'btn primary small', on: { click: () => void importPaper() } }, 'Nhập phiếu giấy'),
          ),
          paperResult,
        ]
      : null,
  );
}

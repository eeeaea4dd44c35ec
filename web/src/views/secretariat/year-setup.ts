import { api, ApiError, download, newIdempotencyKey, request } from '../../lib/api';
import type { Ctx } from '../../lib/context';
import { confirmAction } from '../../lib/dialog';
import { filePicker, h } from '../../lib/dom';
import { dateTime } from '../../lib/format';
import { alertBox, errorText, notify } from '../../lib/notify';
import { href } from '../../lib/router';
import { fieldsOf } from '../../lib/criteria';
import { loadCriteriaSet } from '../../lib/sheet-data';
import { listYears, YEAR_STATUS_LABELS } from '../../lib/years';
import { conflictEditor } from './council-conflicts';
import { issuesTable } from './issues';

/**
 * One year's set-up: its deadlines, the criteria set of each unit group (import from JSON or Excel,
 * with every row/column error listed; download the Excel template), the council's field
 * assignments, and starting the year, which opens every unit's self-assessment.
 */

interface YearDetail {
  year: number;
  title: string;
  status: string;
  statusLabel?: string;
  config: { deadlines: Record<string, string>; reminderDaysBefore: number[]; explanationWindowDays: number; disputeRounds: number };
  deadlines: Record<string, { date: string; display: string; endsAt: string }>;
  criteriaSets: { groupCode: string; groupName: string; title: string; scale: number; sample: boolean; updatedAt: string }[];
  assessments: number;
}

interface Group {
  code: string;
  name: string;
  units?: number;
}

interface Assignment {
  username: string;
  fullName: string;
  fields: string[];
}

const DEADLINE_LABELS: Record<string, string> = {
  selfAssessment: 'Tự đánh giá, nhập số liệu, tài liệu kiểm chứng',
  surveyClose: 'Đóng điều tra xã hội học',
  appraisalRound1: 'Thẩm định vòng 1',
  appraisalRound2: 'Thẩm định vòng 2 (chính thức)',
  reportToChair: 'Báo cáo Chủ tịch Hội đồng',
};

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The appraised fields of the year's criteria sets, by code. */
function fieldTitles(sets: Awaited<ReturnType<typeof loadCriteriaSet>>[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (const set of sets) for (const f of fieldsOf(set)) if (!f.adjustment && !fields.has(f.code)) fields.set(f.code, f.title);
  return fields;
}

async function yearFieldCodes(year: number, detail: YearDetail): Promise<string[]> {
  const sets = await Promise.all(detail.criteriaSets.map((s) => loadCriteriaSet(year, s.groupCode)));
  return [...fieldTitles(sets).keys()].sort((a, b) => Number(a) - Number(b));
}

/**
 * Which council member appraises which field (for every unit): one row per member, one checkbox per
 * field of the year's criteria sets; each row saves on its own.
 */
async function assignmentEditor(year: number, detail: YearDetail, assignments: Assignment[]): Promise<Node> {
  if (!detail.criteriaSets.length) return alertBox('Nhập bộ tiêu chí trước, rồi phân công lĩnh vực cho thành viên Hội đồng.', 'info');
  const [members, sets] = await Promise.all([
    api.get<{ items: { username: string; fullName: string; active: boolean }[] }>('/users?role=council_member&pageSize=500').then((b) => b.items.filter((u) => u.active)),
    Promise.all(detail.criteriaSets.map((s) => loadCriteriaSet(year, s.groupCode))),
  ]);
  const fields = fieldTitles(sets);
  const codes = [...fields.keys()].sort((a, b) => Number(a) - Number(b));
  const current = new Map(assignments.map((a) => [a.username, new Set(a.fields)]));
  if (!members.length) return alertBox('Chưa có tài khoản thành viên Hội đồng thẩm định nào.', 'warn');

  const rows = members.map((m) => {
    const boxes = codes.map((code) => h('input', { type: 'checkbox', value: code, 'aria-label': `${m.fullName}: lĩnh vực ${code}`, props: { checked: current.get(m.username)?.has(code) ?? false } }));
    const save = h('button', { type: 'button', class: 'btn secondary small', props: { disabled: true } }, 'Lưu');
    const row = h('tr', null, h('th', { scope: 'row' }, m.fullName, h('div', { class: 'muted small' }, m.username)), boxes.map((b) => h('td', { class: 'center' }, h('label', { class: 'cell-choice' }, b))), h('td', null, save));
    row.addEventListener('change', () => (save.disabled = false));
    async function store(): Promise<void> {
      save.disabled = true;
      try {
        const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
        await api.put(`/years/${year}/field-assignments/${encodeURIComponent(m.username)}`, { fields: chosen });
        notify(`Đã phân công ${m.fullName}: ${chosen.length ? `lĩnh vực ${chosen.join(', ')}` : 'không lĩnh vực nào'}.`);
      } catch (error) {
        notify(errorText(error), 'error');
        save.disabled = false;
      }
    }
    save.addEventListener('click', () => void store());
    return row;
  });
  const unassigned = codes.filter((c) => !assignments.some((a) => a.fields.includes(c)));
  return h(
    'div',
    null,
    unassigned.length ? alertBox(`Lĩnh vực chưa có người thẩm định: ${unassigned.join(', ')}.`, 'warn') : null,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data matrix' },
        h('caption', null, 'Thành viên Hội đồng thẩm định × lĩnh vực'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Thành viên'), codes.map((c) => h('th', { scope: 'col', class: 'center', title: fields.get(c) }, `LV${c}`)), h('th', { scope: 'col' }, ''))),
        h('tbody', null, rows),
      ),
    ),
  );
}

export async function yearSetupView(ctx: Ctx): Promise<Node> {
  const year = Number(ctx.params.year);
  ctx.title(`Thiết lập năm ${year}`);
  const [detail, groups, assignments] = await Promise.all([
    api.get<YearDetail>(`/years/${year}`),
    api.get<{ items: Group[] }>('/unit-groups').then((b) => b.items),
    api.get<{ items: Assignment[] }>(`/years/${year}/field-assignments`).then((b) => b.items).catch(() => [] as Assignment[]),
  ]);
  const inSetup = detail.status === 'setup';
  const setByGroup = new Map(detail.criteriaSets.map((s) => [s.groupCode, s]));

  function groupCard(group: Group): HTMLElement {
    const set = setByGroup.get(group.code);
    const result = h('div', { class: 'import-result' });
    const picker = filePicker(set ? 'Chọn tệp thay thế…' : 'Chọn tệp…', { accept: '.json,.xlsx,application/json,' + XLSX_TYPE });
    const file = picker.input;
    const importButton = h('button', { type: 'button', class: 'btn primary small' }, 'Nhập bộ tiêu chí');
    importButton.addEventListener('click', () => void importSet());

    async function importSet(): Promise<void> {
      result.replaceChildren();
      const chosen = file.files?.[0];
      if (!chosen) {
        result.append(alertBox('Chọn tệp JSON hoặc Excel (.xlsx) trước.'));
        return file.focus();
      }
      importButton.disabled = true;
      try {
        const path = `/years/${year}/criteria-sets/${encodeURIComponent(group.code)}`;
        if (/\.xlsx$/i.test(chosen.name)) {
          await request('PUT', `${path}/xlsx`, { raw: chosen, headers: { 'content-type': XLSX_TYPE } });
        } else {
          let json: unknown;
          try {
            json = JSON.parse(await chosen.text());
          } catch {
            result.append(alertBox(`Tệp ${chosen.name} không phải JSON hợp lệ.`));
            return;
          }
          await request('PUT', path, { body: json });
        }
        notify(`Đã nhập bộ tiêu chí cho nhóm ${group.name}.`);
        ctx.router.refresh();
      } catch (error) {
        result.append(alertBox(error instanceof ApiError ? error.text : errorText(error)));
        if (error instanceof ApiError && error.errors.length) result.append(issuesTable(error.errors));
      } finally {
        importButton.disabled = false;
      }
    }

    return h(
      'section',
      { class: 'card group-card', 'aria-labelledby': `g-${group.code}` },
      h('h3', { id: `g-${group.code}` }, group.name, h('span', { class: 'muted small' }, ` (${group.code}${group.units !== undefined ? `, ${group.units} đơn vị` : ''})`)),
      set
        ? h(
            'p',
            null,
            h('strong', null, set.title),
            set.sample ? h('span', { class: 'badge warn' }, 'Bộ mẫu') : null,
            ` — thang điểm ${set.scale.toLocaleString('vi-VN')} điểm; cập nhật ${dateTime(set.updatedAt)}. `,
            h(
              'button',
              { type: 'button', class: 'link', on: { click: () => void download(`/years/${year}/criteria-sets/${encodeURIComponent(group.code)}/xlsx`, `Bộ tiêu chí ${group.code} năm ${year}.xlsx`).catch((e: unknown) => notify(errorText(e), 'error')) } },
              'Tải tệp Excel',
            ),
          )
        : alertBox('Chưa có bộ tiêu chí: đơn vị thuộc nhóm này sẽ không được đánh giá.', 'warn'),
      inSetup
        ? h(
            'div',
            { class: 'upload' },
            h('span', { class: 'upload-label', 'aria-hidden': 'true' }, set ? 'Thay bằng tệp JSON hoặc Excel (.xlsx):' : 'Nhập từ tệp JSON hoặc Excel (.xlsx):'),
            picker.element,
            importButton,
          )
        : null,
      result,
    );
  }

  const startButton = h('button', { type: 'button', class: 'btn accent', hidden: !inSetup, props: { disabled: detail.criteriaSets.length === 0 } }, `Khởi động năm ${year}`);
  startButton.addEventListener('click', () => void start());
  async function start(): Promise<void> {
    const ok = await confirmAction(
      `Khởi động năm ${year}`,
      [
        h('p', null, 'Mỗi đơn vị thuộc nhóm đã có bộ tiêu chí sẽ được mở hồ sơ tự đánh giá và nhận thông báo. Sau khi khởi động, bộ tiêu chí và cấu hình năm không thay được nữa.'),
        h('p', null, `Hạn tự đánh giá: ${detail.deadlines.selfAssessment?.display ?? ''}.`),
      ],
      'Khởi động',
    );
    if (!ok) return;
    startButton.disabled = true;
    try {
      const result = await api.post<{ units: number }>(`/years/${year}/start`, {}, { idempotencyKey: newIdempotencyKey() });
      notify(`Đã khởi động năm ${year} với ${result.units} đơn vị.`);
      await listYears(true);
      ctx.router.refresh();
    } catch (error) {
      notify(errorText(error), 'error');
      startButton.disabled = false;
    }
  }

  return h(
    'div',
    null,
    h('p', null, h('a', { href: href('thiet-lap') }, '← Các năm đánh giá')),
    h('div', { class: 'page-head' }, h('h1', null, detail.title), h('p', { class: 'status-line' }, h('span', { class: 'badge' }, detail.statusLabel ?? YEAR_STATUS_LABELS[detail.status] ?? detail.status), detail.assessments ? `${detail.assessments} đơn vị có hồ sơ` : null)),
    h('h2', null, 'Các hạn'),
    h(
      'dl',
      { class: 'pairs' },
      Object.entries(DEADLINE_LABELS).map(([key, label]) => [h('dt', null, label), h('dd', null, detail.deadlines[key]?.display ?? '—')]),
      h('dt', null, 'Nhắc việc trước hạn'),
      h('dd', null, detail.config.reminderDaysBefore.map((d) => `${d} ngày`).join(', ') || 'không'),
      h('dt', null, 'Thời hạn giải trình'),
      h('dd', null, `${detail.config.explanationWindowDays} ngày; ${detail.config.disputeRounds} vòng`),
    ),
    h('h2', null, 'Bộ tiêu chí theo nhóm đơn vị'),
    inSetup ? h('p', { class: 'muted' }, 'Tệp Excel theo mẫu (tải tệp Excel của một bộ để có mẫu); lỗi được liệt kê theo trang, dòng, cột và không nhập gì khi còn lỗi.') : null,
    groups.map(groupCard),
    h('h2', null, 'Phân công thẩm định theo lĩnh vực'),
    await assignmentEditor(year, detail, assignments),
    h('h2', null, 'Xung đột lợi ích và thành viên thẩm định thay'),
    await conflictEditor(year, await yearFieldCodes(year, detail), () => ctx.router.refresh()),
    h('h2', null, 'Khởi động'),
    inSetup
      ? h('div', null, detail.criteriaSets.length ? null : alertBox('Cần nhập ít nhất một bộ tiêu chí trước khi khởi động.', 'warn'), startButton)
      : h('p', null, 'Năm đã khởi động. ', h('a', { href: href('nam', year, 'theo-doi') }, 'Mở bảng theo dõi')),
  );
}

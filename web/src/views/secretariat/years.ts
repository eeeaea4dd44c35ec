import { api, newIdempotencyKey } from '../../lib/api';
import type { Ctx } from '../../lib/context';
import { field, h, showFieldError } from '../../lib/dom';
import { alertBox, errorText, notify } from '../../lib/notify';
import { href } from '../../lib/router';
import { listYears, YEAR_STATUS_LABELS } from '../../lib/years';

/**
 * Year set-up (thiết lập năm), first screen: the assessment years and a form to create the next one
 * with its deadlines (defaults from the directive: 31/3 for units, 10/5 for the report to the chair).
 */

const DEADLINES: { key: string; label: string; monthDay: string }[] = [
  { key: 'selfAssessment', label: 'Hạn tự đánh giá, nhập số liệu, tài liệu kiểm chứng', monthDay: '03-31' },
  { key: 'surveyClose', label: 'Hạn đóng điều tra xã hội học', monthDay: '03-31' },
  { key: 'appraisalRound1', label: 'Hạn thẩm định vòng 1', monthDay: '04-15' },
  { key: 'appraisalRound2', label: 'Hạn thẩm định vòng 2 (chính thức)', monthDay: '04-30' },
  { key: 'reportToChair', label: 'Hạn báo cáo Chủ tịch Hội đồng', monthDay: '05-10' },
];

export async function yearsView(ctx: Ctx): Promise<Node> {
  ctx.title('Thiết lập năm đánh giá');
  const years = await listYears(true);
  const nextYear = Math.max(new Date().getFullYear() - 1, ...years.map((y) => y.year + 1));

  const yearInput = h('input', { type: 'number', name: 'year', min: 2000, max: 2100, props: { value: String(nextYear) } });
  const titleInput = h('input', { name: 'title', maxlength: 300, props: { value: `Chỉ số cải cách hành chính năm ${nextYear}` } });
  const y = field('Năm được đánh giá', yearInput, { required: true, hint: 'Năm có kết quả được đánh giá (ví dụ 2023, đánh giá trong năm 2024).' });
  const t = field('Tên đợt đánh giá', titleInput, { required: true });
  const dateInputs = DEADLINES.map((d) => {
    const input = h('input', { type: 'date', name: d.key, props: { value: `${nextYear + 1}-${d.monthDay}` } });
    return { ...d, input, wrap: field(d.label, input, { required: true }) };
  });
  yearInput.addEventListener('change', () => {
    const n = Number(yearInput.value);
    if (!Number.isInteger(n)) return;
    titleInput.value = `Chỉ số cải cách hành chính năm ${n}`;
    for (const d of dateInputs) d.input.value = `${n + 1}-${d.monthDay}`;
  });
  const reminders = h('input', { name: 'reminders', props: { value: '7, 1' } });
  const r = field('Nhắc việc trước hạn (số ngày, cách nhau bằng dấu phẩy)', reminders, { required: true });
  const windowDays = h('input', { type: 'number', name: 'window', min: 1, max: 60, props: { value: '5' } });
  const w = field('Thời hạn giải trình (ngày)', windowDays, { required: true });
  const rounds = h('input', { type: 'number', name: 'rounds', min: 0, max: 5, props: { value: '1' } });
  const rr = field('Số vòng giải trình', rounds, { required: true });
  const status = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'btn primary' }, 'Tạo năm đánh giá');

  async function create(): Promise<void> {
    status.replaceChildren();
    const year = Number(yearInput.value);
    showFieldError(y.error, yearInput, Number.isInteger(year) && year >= 2000 && year <= 2100 ? null : 'Năm không hợp lệ.');
    showFieldError(t.error, titleInput, titleInput.value.trim() ? null : 'Nhập tên đợt đánh giá.');
    const days = reminders.value.split(/[,;\s]+/).filter(Boolean).map(Number);
    showFieldError(r.error, reminders, days.every((d) => Number.isInteger(d) && d > 0) ? null : 'Nhập các số ngày nguyên dương, ví dụ 7, 1.');
    for (const d of dateInputs) showFieldError(d.wrap.error, d.input, d.input.value ? null : 'Chọn ngày.');
    const invalid = document.querySelector<HTMLElement>('.year-form [aria-invalid="true"]');
    if (invalid) return invalid.focus();
    submit.disabled = true;
    try {
      await api.post(
        '/years',
        {
          year,
          title: titleInput.value.trim(),
          config: {
            deadlines: Object.fromEntries(dateInputs.map((d) => [d.key, d.input.value])),
            reminderDaysBefore: days,
            explanationWindowDays: Number(windowDays.value),
            disputeRounds: Number(rounds.value),
          },
        },
        { idempotencyKey: newIdempotencyKey() },
      );
      notify(`Đã tạo năm đánh giá ${year}.`);
      await listYears(true);
      ctx.router.go(`/thiet-lap/${year}`);
    } catch (error) {
      status.append(alertBox(errorText(error)));
    } finally {
      submit.disabled = false;
    }
  }

  return h(
    'div',
    null,
    h('h1', null, 'Thiết lập năm đánh giá'),
    years.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'data' },
            h('caption', null, 'Các năm đánh giá'),
            h('thead', null, h('tr', null, ['Năm', 'Tên', 'Trạng thái', ''].map((c) => h('th', { scope: 'col' }, c)))),
            h(
              'tbody',
              null,
              years.map((yr) =>
                h(
                  'tr',
                  null,
                  h('th', { scope: 'row' }, String(yr.year)),
                  h('td', null, yr.title),
                  h('td', null, yr.statusLabel ?? YEAR_STATUS_LABELS[yr.status] ?? yr.status),
                  h('td', null, h('a', { href: href('thiet-lap', yr.year) }, 'Mở'), ' · ', h('a', { href: href('nam', yr.year, 'theo-doi') }, 'Bảng theo dõi')),
                ),
              ),
            ),
          ),
        )
      : alertBox('Chưa có năm đánh giá nào.', 'info'),
    h(
      'form',
      {
        class: 'card year-form',
        novalidate: true,
        on: {
          submit: (e) => {
            e.preventDefault();
            void create();
          },
        },
      },
      h('h2', null, 'Tạo năm đánh giá mới'),
      y.wrap,
      t.wrap,
      h('fieldset', null, h('legend', null, 'Các hạn (hết ngày, giờ Việt Nam)'), dateInputs.map((d) => d.wrap.wrap)),
      r.wrap,
      w.wrap,
      rr.wrap,
      status,
      submit,
    ),
  );
}

import { ApiError, request } from '../../lib/api';
import type { Ctx } from '../../lib/context';
import { confirmAction } from '../../lib/dialog';
import { field, h, uid } from '../../lib/dom';
import { dateTime, timeNow } from '../../lib/format';
import { alertBox, errorText, notify } from '../../lib/notify';

/**
 * The sociological survey form (phiếu điều tra xã hội học) for a respondent, who is not a user: the
 * code from the invitation opens a session of its own (kept only in this tab); each questionnaire is
 * a matrix of questions × units rated A–E; answers save as they are given, so the form can be left
 * and resumed; submitting is final.
 */

const TOKEN_KEY = 'chi-so-cchc.survey-token';
const TOKEN_HEADER = 'x-survey-token';

interface Option {
  option: string;
  label: string;
  counted: boolean;
}

interface Questionnaire {
  id: string;
  title: string;
  intro: string | null;
  targetGroup: { code: string; name: string };
  options: Option[];
  questions: { id: string; code: string; text: string }[];
  units: { code: string; name: string }[];
}

interface Form {
  year: number;
  serial: number;
  respondentGroup: { code: string; name: string };
  fullName: string | null;
  ownUnit: { code: string; name: string } | null;
  state: 'not_started' | 'open' | 'closed';
  closesAt: string;
  closesAtText: string;
  submittedAt: string | null;
  questionnaires: Questionnaire[];
  answers: { questionId: string; unitCode: string; option: string }[];
}

interface AnswerItem {
  questionId: string;
  unitCode?: string;
  allUnits?: true;
  option: string | null;
}

const call = <T>(method: string, path: string, body?: unknown) => {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  return request<T>(method, path, { anonymous: true, allowUnauthorized: true, headers: { [TOKEN_HEADER]: token }, ...(body === undefined ? {} : { body }) }).then((r) => r.body);
};

export async function surveyView(ctx: Ctx): Promise<Node> {
  ctx.title('Phiếu điều tra xã hội học');
  const code = ctx.query.get('ma');
  // The code must not stay in the address bar or the history once read.
  if (code) history.replaceState(null, '', '#/khao-sat');
  if (!sessionStorage.getItem(TOKEN_KEY) || code) return codeForm(ctx, code ?? '');
  try {
    return formView(ctx, await call<Form>('GET', '/survey/form'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      return codeForm(ctx, '', 'Phiên trả lời phiếu đã hết hạn; nhập lại mã để tiếp tục (các câu đã lưu vẫn còn).');
    }
    throw error;
  }
}

function codeForm(ctx: Ctx, code: string, message?: string): Node {
  const input = h('input', { name: 'code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', props: { value: code } });
  const f = field('Mã trả lời phiếu', input, { required: true, hint: 'Mã in trong thư mời của Sở Nội vụ.' });
  const status = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'btn primary wide' }, 'Mở phiếu');
  async function open(): Promise<void> {
    status.replaceChildren();
    if (!input.value.trim()) {
      status.append(alertBox('Nhập mã trả lời phiếu.'));
      return input.focus();
    }
    submit.disabled = true;
    try {
      const session = await request<{ token: string }>('POST', '/survey/session', { anonymous: true, allowUnauthorized: true, body: { code: input.value.trim() } });
      sessionStorage.setItem(TOKEN_KEY, session.body.token);
      ctx.router.refresh();
    } catch (error) {
      status.append(alertBox(errorText(error)));
      input.focus();
    } finally {
      submit.disabled = false;
    }
  }
  const form = h(
    'form',
    {
      class: 'card narrow',
      novalidate: true,
      on: {
        submit: (e) => {
          e.preventDefault();
          void open();
        },
      },
    },
    h('h1', null, 'Phiếu điều tra xã hội học'),
    h('p', { class: 'muted' }, 'Ý kiến của Ông/Bà góp phần đánh giá Chỉ số cải cách hành chính của các cơ quan, đơn vị tỉnh Tuyên Quang. Phiếu không ghi tên người trả lời trên kết quả.'),
    message ? alertBox(message, 'info') : null,
    f.wrap,
    status,
    submit,
  );
  if (code) queueMicrotask(() => void open());
  return form;
}

function formView(ctx: Ctx, form: Form): Node {
  const answers = new Map(form.answers.map((a) => [`${a.questionId}|${a.unitCode}`, a.option]));
  const editable = form.state === 'open' && !form.submittedAt;
  const status = h('p', { class: 'save-state', role: 'status' });
  const progress = h('span');
  const total = form.questionnaires.reduce((n, q) => n + q.questions.length * q.units.length, 0);
  const pending = new Map<string, AnswerItem>();
  let timer: number | undefined;

  const refreshProgress = () => {
    progress.textContent = `Đã trả lời ${answers.size}/${total} ô`;
  };

  async function flush(): Promise<boolean> {
    window.clearTimeout(timer);
    if (!pending.size) return true;
    const items = [...pending.values()];
    pending.clear();
    status.textContent = 'Đang lưu…';
    try {
      await call('PUT', '/survey/answers', { answers: items });
      status.textContent = `Đã lưu lúc ${timeNow()}.`;
      return true;
    } catch (error) {
      for (const item of items) pending.set(`${item.questionId}|${item.unitCode ?? '*'}`, item);
      status.textContent = `Chưa lưu được: ${errorText(error)}`;
      return false;
    }
  }
  const schedule = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void flush(), 800);
  };
  ctx.guard(() => pending.size > 0);

  function questionnaireBlock(q: Questionnaire): HTMLElement {
    const legend = h('ul', { class: 'option-legend' }, q.options.map((o) => h('li', null, h('strong', null, o.option), `: ${o.label}`)));
    const questionBlocks = q.questions.map((question, qi) => {
      const radiosByUnit = new Map<string, HTMLInputElement[]>();
      const rows = q.units.map((unit) => {
        const name = uid(`q${qi}`);
        const saved = answers.get(`${question.id}|${unit.code}`);
        const radios = q.options.map((o) =>
          h('input', {
            type: 'radio',
            name,
            value: o.option,
            'aria-label': `${unit.name}: ${o.option} – ${o.label}`,
            props: { checked: saved === o.option, disabled: !editable },
          }),
        );
        radiosByUnit.set(unit.code, radios);
        for (const radio of radios) {
          radio.addEventListener('change', () => {
            answers.set(`${question.id}|${unit.code}`, radio.value);
            pending.set(`${question.id}|${unit.code}`, { questionId: question.id, unitCode: unit.code, option: radio.value });
            refreshProgress();
            schedule();
          });
        }
        // The whole cell is the click target, which matters on a phone.
        return h('tr', null, h('th', { scope: 'row' }, unit.name), radios.map((r) => h('td', { class: 'center' }, h('label', { class: 'cell-choice' }, r))));
      });
      const allSelect = h(
        'select',
        { 'aria-label': `Trả lời như nhau cho mọi đơn vị ở câu ${question.code}`, props: { disabled: !editable } },
        h('option', { value: '' }, 'Chọn cho mọi đơn vị…'),
        q.options.map((o) => h('option', { value: o.option }, `${o.option} – ${o.label}`)),
      );
      allSelect.addEventListener('change', () => {
        const option = allSelect.value;
        if (!option) return;
        for (const unit of q.units) {
          answers.set(`${question.id}|${unit.code}`, option);
          for (const r of radiosByUnit.get(unit.code) ?? []) r.checked = r.value === option;
          pending.delete(`${question.id}|${unit.code}`);
        }
        pending.set(`${question.id}|*`, { questionId: question.id, allUnits: true, option });
        allSelect.value = '';
        refreshProgress();
        schedule();
      });
      return h(
        'fieldset',
        { class: 'question' },
        h('legend', null, `Câu ${question.code}. ${question.text}`),
        editable && q.units.length > 1 ? h('div', { class: 'all-units' }, allSelect) : null,
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'data matrix' },
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Đơn vị được đánh giá'), q.options.map((o) => h('th', { scope: 'col', class: 'center', title: o.label }, o.option)))),
            h('tbody', null, rows),
          ),
        ),
      );
    });
    return h('section', { class: 'questionnaire' }, h('h2', null, q.title), q.intro ? h('p', null, q.intro) : null, h('p', null, `Nhóm đơn vị được đánh giá: ${q.targetGroup.name}. Với mỗi đơn vị, chọn một phương án:`), legend, questionBlocks);
  }

  const submit = h('button', { type: 'button', class: 'btn accent', hidden: !editable }, 'Nộp phiếu');
  submit.addEventListener('click', () => void send());
  async function send(): Promise<void> {
    if (!(await flush())) return;
    const missing = total - answers.size;
    const ok = await confirmAction(
      'Nộp phiếu',
      [missing ? alertBox(`Còn ${missing} ô chưa trả lời; các ô này không được tính.`, 'warn') : null, h('p', null, 'Sau khi nộp, phiếu không sửa được nữa.')],
      'Nộp phiếu',
    );
    if (!ok) return;
    try {
      await call('POST', '/survey/submit');
      notify('Đã nộp phiếu. Xin cảm ơn Ông/Bà!');
      sessionStorage.removeItem(TOKEN_KEY);
      ctx.router.go('/khao-sat/da-nop');
    } catch (error) {
      notify(errorText(error), 'error');
    }
  }

  const leave = h('button', { type: 'button', class: 'btn secondary' }, 'Lưu và thoát');
  leave.addEventListener('click', () => void quit());
  async function quit(): Promise<void> {
    if (!(await flush())) return;
    await call('DELETE', '/survey/session').catch(() => undefined);
    sessionStorage.removeItem(TOKEN_KEY);
    notify('Đã lưu. Ông/Bà có thể dùng lại mã để trả lời tiếp.');
    ctx.router.refresh();
  }

  refreshProgress();
  return h(
    'div',
    { class: 'survey' },
    h('h1', null, `Phiếu điều tra xã hội học năm ${form.year}`),
    h('p', { class: 'subtitle' }, `${form.respondentGroup.name}${form.fullName ? ` — ${form.fullName}` : ''} · Phiếu số ${form.serial}`),
    form.submittedAt
      ? alertBox(`Phiếu đã nộp lúc ${dateTime(form.submittedAt)}. Xin cảm ơn Ông/Bà!`, 'ok')
      : form.state === 'closed'
        ? alertBox('Đợt điều tra đã kết thúc; phiếu không nhận thêm câu trả lời.', 'info')
        : form.state === 'not_started'
          ? alertBox('Đợt điều tra chưa bắt đầu.', 'info')
          : alertBox(`Hạn trả lời: ${form.closesAtText}. Câu trả lời được lưu ngay khi chọn; Ông/Bà có thể thoát và trả lời tiếp bằng cùng mã.`, 'info'),
    form.ownUnit ? h('p', { class: 'muted' }, `Phiếu không có đơn vị của Ông/Bà (${form.ownUnit.name}).`) : null,
    h('div', { class: 'sheet-bar' }, h('div', { class: 'progress' }, progress, status), h('div', { class: 'bar-actions' }, editable ? leave : null, submit)),
    form.questionnaires.map(questionnaireBlock),
  );
}

export function surveyThanksView(ctx: Ctx): Node {
  ctx.title('Đã nộp phiếu');
  return h('div', { class: 'card narrow' }, h('h1', null, 'Đã nộp phiếu'), h('p', null, 'Xin cảm ơn Ông/Bà đã trả lời phiếu điều tra xã hội học.'));
}

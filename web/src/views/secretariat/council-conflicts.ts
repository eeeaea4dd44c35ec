import { appraisersOf, type CouncilDuty } from '../../../../domain/council';
import { api, newIdempotencyKey, request } from '../../lib/api';
import { loadCouncil, type CouncilMember } from '../../lib/board';
import { confirmAction, formDialog } from '../../lib/dialog';
import { h, uid } from '../../lib/dom';
import { alertBox, errorText, notify } from '../../lib/notify';

/**
 * Conflicts of interest on the council (Sở Nội vụ): the units each member belongs to for the year
 * (the unit on their account, and those named here), and the substitute member who appraises a
 * unit's field in place of one who belongs to it. The pairs still lacking a substitute come first.
 */

interface Unit {
  code: string;
  name: string;
}

const value = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export async function conflictEditor(year: number, fieldCodes: string[], refresh: () => void): Promise<Node> {
  const [council, units] = await Promise.all([loadCouncil(year), api.get<{ items: Unit[] }>('/units?pageSize=500').then((b) => b.items)]);
  const members = council.members.filter((m) => m.active);
  if (!members.length) return alertBox('Chưa có tài khoản thành viên Hội đồng thẩm định nào.', 'warn');
  const unitName = new Map(units.map((u) => [u.code, u.name]));
  const duties = new Map<string, CouncilDuty>(members.map((m) => [m.username, m]));

  // A unit's field whose assigned member belongs to the unit and that nobody else appraises.
  const missing = members.flatMap((m) =>
    m.conflictUnits.flatMap((unitCode) => m.fields.filter((f) => appraisersOf(duties, unitCode, f).length === 0).map((fieldCode) => ({ unitCode, fieldCode, member: m }))),
  );

  async function editConflicts(m: CouncilMember): Promise<void> {
    const named = new Set(m.conflicts.map((c) => c.unitCode));
    const reasonId = uid('reason');
    const form = await formDialog(
      `Đơn vị ${m.fullName} có xung đột lợi ích năm ${year}`,
      [
        m.unitCode ? h('p', { class: 'muted' }, `Đơn vị công tác trên tài khoản: ${unitName.get(m.unitCode) ?? m.unitCode} (luôn không thẩm định).`) : null,
        h(
          'fieldset',
          { class: 'unit-choices' },
          h('legend', null, 'Các đơn vị thành viên không thẩm định trong năm'),
          units.map((u) => h('label', { class: 'choice' }, h('input', { type: 'checkbox', name: 'unit', value: u.code, props: { checked: named.has(u.code) } }), h('span', null, u.name))),
        ),
        h('div', { class: 'field' }, h('label', { for: reasonId }, 'Lý do'), h('input', { id: reasonId, name: 'reason', maxlength: 1000, props: { value: m.conflicts[0]?.reason ?? '' } })),
      ],
      'Lưu',
    );
    if (!form) return;
    const reason = value(form, 'reason');
    const chosen = form.getAll('unit').map(String);
    try {
      await api.put(`/years/${year}/council/${encodeURIComponent(m.username)}/conflicts`, { units: chosen.map((unitCode) => ({ unitCode, ...(reason ? { reason } : {}) })) }, { idempotencyKey: newIdempotencyKey() });
      notify(`Đã lưu xung đột lợi ích của ${m.fullName}.`);
      refresh();
    } catch (error) {
      notify(errorText(error), 'error');
    }
  }

  async function nameSubstitute(preset?: { unitCode: string; fieldCode: string }): Promise<void> {
    const ids = { unit: uid('unit'), field: uid('field'), member: uid('member'), reason: uid('reason') };
    const form = await formDialog(
      'Chỉ định thành viên thẩm định thay',
      [
        h('div', { class: 'field' }, h('label', { for: ids.unit }, 'Đơn vị'), h('select', { id: ids.unit, name: 'unitCode', required: true }, units.map((u) => h('option', { value: u.code, selected: preset?.unitCode === u.code }, u.name)))),
        h('div', { class: 'field' }, h('label', { for: ids.field }, 'Lĩnh vực'), h('select', { id: ids.field, name: 'fieldCode', required: true }, fieldCodes.map((f) => h('option', { value: f, selected: preset?.fieldCode === f }, `Lĩnh vực ${f}`)))),
        h('div', { class: 'field' }, h('label', { for: ids.member }, 'Thành viên thẩm định thay'), h('select', { id: ids.member, name: 'username', required: true }, members.map((m) => h('option', { value: m.username }, `${m.fullName} (${m.username})`)))),
        h('div', { class: 'field' }, h('label', { for: ids.reason }, 'Lý do'), h('input', { id: ids.reason, name: 'reason', maxlength: 1000 })),
      ],
      'Chỉ định',
    );
    if (!form) return;
    const reason = value(form, 'reason');
    try {
      await api.put(`/years/${year}/units/${encodeURIComponent(value(form, 'unitCode'))}/substitutes/${encodeURIComponent(value(form, 'fieldCode'))}`, { username: value(form, 'username'), ...(reason ? { reason } : {}) }, { idempotencyKey: newIdempotencyKey() });
      notify(`Đã chỉ định ${value(form, 'username')} thẩm định thay lĩnh vực ${value(form, 'fieldCode')} của ${unitName.get(value(form, 'unitCode')) ?? value(form, 'unitCode')}.`);
      refresh();
    } catch (error) {
      notify(errorText(error), 'error');
    }
  }

  async function removeSubstitute(s: { unitCode: string; fieldCode: string; username: string }): Promise<void> {
    if (!(await confirmAction('Bỏ chỉ định thẩm định thay', `Bỏ chỉ định ${s.username} thẩm định lĩnh vực ${s.fieldCode} của ${unitName.get(s.unitCode) ?? s.unitCode}?`, 'Bỏ chỉ định', true))) return;
    try {
      await request('DELETE', `/years/${year}/units/${encodeURIComponent(s.unitCode)}/substitutes/${encodeURIComponent(s.fieldCode)}`, { idempotencyKey: newIdempotencyKey() });
      notify('Đã bỏ chỉ định.');
      refresh();
    } catch (error) {
      notify(errorText(error), 'error');
    }
  }

  const addButton = h('button', { type: 'button', class: 'btn secondary small', on: { click: () => void nameSubstitute() } }, 'Chỉ định thành viên thẩm định thay…');
  return h(
    'div',
    { class: 'council-conflicts' },
    missing.length
      ? h(
          'div',
          { class: 'alert warn', role: 'status' },
          h('p', null, 'Chưa có người thẩm định (thành viên phụ trách thuộc chính đơn vị):'),
            h(
              'ul',
              null,
              missing.map((x) =>
                h('li', null, `${unitName.get(x.unitCode) ?? x.unitCode} — lĩnh vực ${x.fieldCode} (${x.member.fullName}) `, h('button', { type: 'button', class: 'link', on: { click: () => void nameSubstitute(x) } }, 'Chỉ định thay')),
              ),
            ),
        )
      : null,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data' },
        h('caption', null, 'Đơn vị thành viên Hội đồng không thẩm định (xung đột lợi ích)'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Thành viên'), h('th', { scope: 'col' }, 'Đơn vị công tác'), h('th', { scope: 'col' }, 'Đơn vị xác định trong năm'), h('th', { scope: 'col' }, ''))),
        h(
          'tbody',
          null,
          members.map((m) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, m.fullName, h('div', { class: 'muted small' }, m.username)),
              h('td', null, m.unitCode ? (unitName.get(m.unitCode) ?? m.unitCode) : '—'),
              h('td', null, m.conflicts.length ? m.conflicts.map((c) => unitName.get(c.unitCode) ?? c.unitCode).join('; ') : '—'),
              h('td', null, h('button', { type: 'button', class: 'btn secondary small', on: { click: () => void editConflicts(m) } }, 'Sửa')),
            ),
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data' },
        h('caption', null, 'Thành viên thẩm định thay'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Đơn vị'), h('th', { scope: 'col' }, 'Lĩnh vực'), h('th', { scope: 'col' }, 'Thành viên'), h('th', { scope: 'col' }, 'Lý do'), h('th', { scope: 'col' }, ''))),
        h(
          'tbody',
          null,
          council.substitutes.length
            ? council.substitutes.map((s) =>
                h(
                  'tr',
                  null,
                  h('td', null, unitName.get(s.unitCode) ?? s.unitCode),
                  h('td', null, s.fieldCode),
                  h('td', null, s.username),
                  h('td', null, s.reason ?? '—'),
                  h('td', null, h('button', { type: 'button', class: 'link danger small', on: { click: () => void removeSubstitute(s) } }, 'Bỏ')),
                ),
              )
            : h('tr', null, h('td', { colspan: 5 }, 'Chưa chỉ định thành viên thẩm định thay nào.')),
        ),
      ),
    ),
    h('p', null, addButton),
  );
}

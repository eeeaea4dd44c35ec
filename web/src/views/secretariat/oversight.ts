import { PHASE_LABELS, type Phase } from '../../../../domain/phases';
import { api, newIdempotencyKey } from '../../lib/api';
import { formDialog } from '../../lib/dialog';
import { h } from '../../lib/dom';
import { date, todayIso } from '../../lib/format';
import { errorText, notify } from '../../lib/notify';
import { unitPath } from '../../lib/sheet-data';

/**
 * Sở Nội vụ's two corrections on one unit, each with a recorded reason: extend the current phase's
 * deadline, or exclude the unit from assessment and ranking for dishonesty (it keeps its scores).
 */

interface UnitRef {
  unitCode: string;
  unitName: string;
  phase: string;
  phaseDeadline: string | null;
}

export async function extendDeadline(year: number | string, unit: UnitRef): Promise<boolean> {
  const key = newIdempotencyKey();
  const form = await formDialog(
    `Gia hạn cho ${unit.unitName}`,
    [
      h('p', null, `Giai đoạn hiện tại: ${PHASE_LABELS[unit.phase as Phase] ?? unit.phase}; hạn hiện tại: ${date(unit.phaseDeadline)}.`),
      h('div', { class: 'field' }, h('label', { for: 'ext-until' }, 'Hạn mới (hết ngày, giờ Việt Nam)'), h('input', { type: 'date', id: 'ext-until', name: 'until', required: true, min: todayIso() })),
      h('div', { class: 'field' }, h('label', { for: 'ext-reason' }, 'Lý do gia hạn'), h('textarea', { id: 'ext-reason', name: 'reason', rows: 3, required: true, maxlength: 2000 })),
    ],
    'Gia hạn',
    (f) => {
      const until = (f.elements.namedItem('until') as HTMLInputElement).value;
      const reason = (f.elements.namedItem('reason') as HTMLTextAreaElement).value.trim();
      if (!until) return 'Chọn ngày hạn mới.';
      if (!reason) return 'Cần nêu lý do gia hạn.';
      return null;
    },
  );
  if (!form) return false;
  try {
    await api.post(`${unitPath(year, unit.unitCode)}/deadline-extensions`, { until: String(form.get('until')), reason: String(form.get('reason')).trim() }, { idempotencyKey: key });
    notify(`Đã gia hạn cho ${unit.unitName} đến hết ngày ${date(String(form.get('until')))}.`);
    return true;
  } catch (error) {
    notify(errorText(error), 'error');
    return false;
  }
}

export async function excludeUnit(year: number | string, unit: UnitRef): Promise<boolean> {
  const key = newIdempotencyKey();
  const form = await formDialog(
    `Không đánh giá, xếp hạng ${unit.unitName}`,
    [
      h('p', null, 'Đơn vị bị phát hiện không trung thực về tài liệu kiểm chứng, số liệu hoặc phiếu điều tra sẽ không được đánh giá, xếp hạng. Điểm đã chấm được giữ lại và đơn vị được liệt kê riêng.'),
      h('div', { class: 'field' }, h('label', { for: 'exc-reason' }, 'Lý do (căn cứ, kết luận kiểm tra)'), h('textarea', { id: 'exc-reason', name: 'reason', rows: 4, required: true, maxlength: 2000 })),
      h('div', { class: 'check' }, h('input', { type: 'checkbox', id: 'exc-confirm', name: 'confirm', required: true }), h('label', { for: 'exc-confirm' }, 'Tôi xác nhận quyết định này đã được thống nhất theo quy định.')),
    ],
    'Loại khỏi xếp hạng',
    (f) => {
      if (!(f.elements.namedItem('reason') as HTMLTextAreaElement).value.trim()) return 'Cần nêu lý do.';
      if (!(f.elements.namedItem('confirm') as HTMLInputElement).checked) return 'Cần xác nhận trước khi loại đơn vị.';
      return null;
    },
  );
  if (!form) return false;
  try {
    await api.post(`${unitPath(year, unit.unitCode)}/exclusion`, { reason: String(form.get('reason')).trim() }, { idempotencyKey: key });
    notify(`Đã loại ${unit.unitName} khỏi đánh giá, xếp hạng.`);
    return true;
  } catch (error) {
    notify(errorText(error), 'error');
    return false;
  }
}

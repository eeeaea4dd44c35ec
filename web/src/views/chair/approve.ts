import { PHASE_LABELS, PHASES } from '../../../../domain/phases';
import { api, newIdempotencyKey } from '../../lib/api';
import { loadBoard } from '../../lib/board';
import type { Ctx } from '../../lib/context';
import { confirmAction } from '../../lib/dialog';
import { h } from '../../lib/dom';
import { alertBox, errorText, notify } from '../../lib/notify';
import { href } from '../../lib/router';
import { YEAR_STATUS_LABELS } from '../../lib/years';
import { rankingTables } from '../public/ranking';

/**
 * The council chair's screen: where the year stands (units per phase), the results awaiting
 * approval, and the approval itself, after which the ranking is published.
 */
export async function approveView(ctx: Ctx): Promise<Node> {
  const year = Number(ctx.params.year);
  ctx.title(`Phê duyệt kết quả năm ${year}`);
  const board = await loadBoard(year);
  const byPhase = new Map<string, number>();
  for (const u of board.units) byPhase.set(u.phase, (byPhase.get(u.phase) ?? 0) + 1);
  const waiting = board.units.filter((u) => u.phase !== 'RANKING' && u.phase !== 'EXCLUDED' && u.phase !== 'PUBLISHED');
  const ready = board.units.length > 0 && waiting.length === 0 && board.units.some((u) => u.phase === 'RANKING');
  const results = await rankingTables(year, false).catch(() => null);

  const approve = h('button', { type: 'button', class: 'btn accent', props: { disabled: !ready } }, `Phê duyệt kết quả năm ${year}`);
  approve.addEventListener('click', () => void run());
  async function run(): Promise<void> {
    const ok = await confirmAction(
      `Phê duyệt kết quả Chỉ số CCHC năm ${year}`,
      'Sau khi phê duyệt, kết quả xếp hạng được công bố và không thay đổi được nữa.',
      'Phê duyệt và công bố',
    );
    if (!ok) return;
    approve.disabled = true;
    try {
      await api.post(`/years/${year}/approve`, {}, { idempotencyKey: newIdempotencyKey() });
      notify(`Đã phê duyệt kết quả năm ${year}.`);
      ctx.router.refresh();
    } catch (error) {
      notify(errorText(error), 'error');
      approve.disabled = false;
    }
  }

  return h(
    'div',
    null,
    h('h1', null, `Phê duyệt kết quả Chỉ số CCHC năm ${year}`),
    h('p', { class: 'subtitle' }, `Trạng thái năm: ${YEAR_STATUS_LABELS[board.status] ?? board.status}`),
    h(
      'div',
      { class: 'counts' },
      PHASES.filter((p) => byPhase.has(p)).map((p) => h('div', { class: 'count-card' }, h('strong', null, String(byPhase.get(p))), PHASE_LABELS[p])),
    ),
    board.status === 'approved' || board.status === 'published' || byPhase.get('PUBLISHED')
      ? alertBox('Kết quả năm này đã được phê duyệt và công bố.', 'ok')
      : ready
        ? alertBox('Mọi đơn vị đã thẩm định xong; kết quả sẵn sàng để phê duyệt.', 'ok')
        : alertBox(`Còn ${waiting.length} đơn vị chưa xong thẩm định; chưa phê duyệt được.`, 'info'),
    ready ? h('p', null, approve) : null,
    h('p', null, h('a', { href: href('nam', year, 'theo-doi') }, 'Xem bảng theo dõi chi tiết')),
    results ? [h('h2', null, 'Kết quả'), results] : null,
  );
}

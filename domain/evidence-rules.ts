import { formatDateVn } from './calendar';
import { isSelfScoringOpen, type Phase } from './phases';

/**
 * When a unit may add (or remove) an evidence document on a leaf: while its self-assessment is open,
 * on any leaf; then, during an explanation window, supplementary evidence (tài liệu bổ sung) on the
 * leaves the council asked it to explain — and only there. Once the window closes, every file is
 * immutable.
 */
export interface EvidenceContext {
  phase: Phase | string;
  /** The self-assessment was locked (submitted or at its deadline). */
  locked: boolean;
  /** The current phase's deadline (the explanation window's end during DISPUTE), epoch ms. */
  phaseDeadline: number | null;
  /** The council asked the unit to explain this leaf in the current dispute round. */
  askedToExplain: boolean;
  /** The dispute round in progress or last held (0 before the first window). */
  disputeRound: number;
  now: number;
}

export type EvidenceWindow =
  | { open: true; supplementary: boolean }
  | { open: false; message: string };

export function evidenceWindow(c: EvidenceContext, leafCode: string): EvidenceWindow {
  if (isSelfScoringOpen(c.phase, c.locked)) return { open: true, supplementary: false };
  if (c.phase === 'DISPUTE') {
    if (c.phaseDeadline !== null && c.now > c.phaseDeadline) return { open: false, message: `Đã hết hạn giải trình (${formatDateVn(c.phaseDeadline)}); tài liệu kiểm chứng không thể thêm, sửa hay xóa.` };
    if (!c.askedToExplain) {
      return { open: false, message: `Trong thời hạn giải trình chỉ được bổ sung tài liệu cho các tiêu chí Hội đồng yêu cầu giải trình; tiêu chí ${leafCode} không thuộc diện này.` };
    }
    return { open: true, supplementary: true };
  }
  return { open: false, message: 'Đơn vị đã nộp hồ sơ (hoặc hồ sơ đã khóa); tài liệu kiểm chứng không thể thêm, sửa hay xóa.' };
}

/**
 * A file may be removed while it could still be added: ordinary evidence during self-assessment,
 * supplementary evidence during the window it was added in.
 */
export function canRemoveEvidence(c: EvidenceContext, file: { leafCode: string; supplementary: boolean; disputeRound: number | null }): EvidenceWindow {
  const window = evidenceWindow(c, file.leafCode);
  if (window.open && (window.supplementary !== file.supplementary || (file.supplementary && file.disputeRound !== c.disputeRound))) {
    return { open: false, message: 'Tài liệu kiểm chứng đã nộp cùng hồ sơ tự đánh giá không thể gỡ; chỉ gỡ được tài liệu bổ sung trong thời hạn giải trình mà nó được nộp.' };
  }
  return window;
}

/** The leaf is one the unit must explain in the current dispute round (leaf_scores as the activities write it). */
export function isAskedToExplain(row: { appraisalAction?: string | null; explanationResult?: string | null } | null | undefined): boolean {
  return row?.appraisalAction === 'explain' && !row.explanationResult;
}

import { describe, expect, it } from '@jest/globals';
import { canRemoveEvidence, evidenceWindow, isAskedToExplain, type EvidenceContext } from '../../domain/evidence-rules';

const at = Date.UTC(2024, 3, 5);
const ctx = (over: Partial<EvidenceContext>): EvidenceContext => ({ phase: 'DISPUTE', locked: true, phaseDeadline: at + 1000, askedToExplain: true, disputeRound: 1, now: at, ...over });

describe('when evidence may change', () => {
  it('opens ordinary evidence during self-assessment and supplementary evidence on the asked leaves in the window', () => {
    expect(evidenceWindow(ctx({ phase: 'SELF_ASSESSMENT', locked: false, askedToExplain: false }), '1.1.1')).toEqual({ open: true, supplementary: false });
    expect(evidenceWindow(ctx({}), '1.1.1')).toEqual({ open: true, supplementary: true });
    expect(evidenceWindow(ctx({ askedToExplain: false }), '1.1.2')).toMatchObject({ open: false, message: expect.stringContaining('1.1.2') });
  });

  it('closes everything once the window has passed, even before the phase has moved, and in every other phase', () => {
    expect(evidenceWindow(ctx({ now: at + 1001 }), '1.1.1')).toMatchObject({ open: false, message: expect.stringContaining('Đã hết hạn giải trình') });
    for (const phase of ['SURVEY', 'APPRAISAL', 'FINAL_APPRAISAL', 'RANKING', 'PUBLISHED', 'EXCLUDED']) expect(evidenceWindow(ctx({ phase }), '1.1.1').open).toBe(false);
    expect(evidenceWindow(ctx({ phase: 'SELF_ASSESSMENT', locked: true }), '1.1.1').open).toBe(false);
  });

  it('removes only what could be added now: supplementary files of this window, ordinary ones before submission', () => {
    expect(canRemoveEvidence(ctx({}), { leafCode: '1.1.1', supplementary: true, disputeRound: 1 }).open).toBe(true);
    expect(canRemoveEvidence(ctx({}), { leafCode: '1.1.1', supplementary: false, disputeRound: null }).open).toBe(false);
    expect(canRemoveEvidence(ctx({ disputeRound: 2 }), { leafCode: '1.1.1', supplementary: true, disputeRound: 1 }).open).toBe(false);
    expect(canRemoveEvidence(ctx({ phase: 'SELF_ASSESSMENT', locked: false }), { leafCode: '1.1.1', supplementary: false, disputeRound: null }).open).toBe(true);
  });

  it('knows a leaf asked to explain from its stored appraisal', () => {
    expect(isAskedToExplain({ appraisalAction: 'explain', explanationResult: null })).toBe(true);
    expect(isAskedToExplain({ appraisalAction: 'explain', explanationResult: 'upheld' })).toBe(false);
    expect(isAskedToExplain({ appraisalAction: 'adjust', explanationResult: null })).toBe(false);
    expect(isAskedToExplain(null)).toBe(false);
  });
});

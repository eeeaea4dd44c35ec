import type { Hundredths } from '../decimal';
import type { Adjustment, CriteriaSet, LeafKind, ScoredBy } from '../criteria/types';
import { compileCriteriaSet } from '../scoring/compile';
import type { ScoreEntry } from '../scoring/entry';
import type { LeafInput, LeafStatus } from '../scoring/leaf';
import { scoreUnit, type UnitScore } from '../scoring/totals';
import { classificationOf, scoringConfigOf, type YearConfig } from '../year-config';
import type { AppraisalAction, ExplanationResult } from './appraisal';
import { classify, type ClassificationBand } from './classify';
import { DEFAULT_EXCLUSION_REASON } from './ranking';
import { buildScoreSheet, type ScoreSheet } from './score-sheet';

/**
 * One unit's results for one year, computed from its criteria set and what is stored for each leaf:
 * points at every stage, field points and sub-indices, the total, the index, the classification, and
 * the counts every screen and document shows. The one place results are computed: the ranking, the
 * score sheet, the sheet header, the status board and every export render this.
 */

/** The survey input of a survey-scored leaf: the tally of answers, or the imported satisfaction result. */
export type SurveyLeafInput = Pick<LeafInput, 'survey' | 'satisfaction'>;

/** What is stored for one leaf of one unit, at every stage. */
export interface LeafRecord {
  readonly leafCode: string;
  /** The unit marked the leaf as not applicable. */
  readonly notApplicable: boolean;
  /** The unit's entry (points, or the variables behind them). */
  readonly self: ScoreEntry | null;
  readonly selfNote: string | null;
  readonly appraisalAction: AppraisalAction | null;
  /** Round 1's points. */
  readonly round1: Hundredths | null;
  readonly round1Reason: string | null;
  /** The unit's explanation of a flagged leaf. */
  readonly explanation: string | null;
  readonly explanationResult: ExplanationResult | null;
  /** Round 2's (final) points, once decided. */
  readonly round2: Hundredths | null;
  readonly round2Reason: string | null;
  /** The survey input frozen when the survey closed. */
  readonly surveyInput: SurveyLeafInput | null;
}

export interface UnitResultsInput {
  readonly unitCode: string;
  readonly records: readonly LeafRecord[];
  /** Survey inputs read live from the answers, for survey leaves whose record holds none yet. */
  readonly liveSurvey?: Readonly<Record<string, SurveyLeafInput>>;
  /** The unit has submitted its self-assessment (or it was locked at the deadline). */
  readonly submitted: boolean;
  /** Set when the unit is excluded from ranking; a missing reason reads DEFAULT_EXCLUSION_REASON. */
  readonly exclusion: { readonly reason: string | null } | null;
}

/** One leaf's points at every stage, and the reasons given. */
export interface LeafResult {
  readonly code: string;
  readonly kind: LeafKind;
  readonly scoredBy: ScoredBy;
  /** The top-level field (or bonus/penalty section) the leaf belongs to. */
  readonly fieldCode: string;
  readonly status: LeafStatus;
  /** The maximum counted (0 when left out). */
  readonly max: Hundredths;
  readonly self: Hundredths | null;
  readonly selfNote: string | null;
  readonly appraisalAction: AppraisalAction | null;
  readonly round1: Hundredths | null;
  readonly round1Reason: string | null;
  readonly explanation: string | null;
  readonly explanationResult: ExplanationResult | null;
  readonly round2: Hundredths | null;
  readonly round2Reason: string | null;
  readonly survey: Hundredths | null;
  /** The points that count: round 2, else round 1, else the unit's own; survey points for survey leaves. */
  readonly achieved: Hundredths | null;
}

/** How many leaves stand where. "Applicable" leaves out not-applicable ones. */
export interface ResultCounts {
  /** Every leaf. */
  readonly leaves: number;
  readonly notApplicable: number;
  /** Applicable leaves the unit scores itself. */
  readonly scorable: number;
  /** Of those, the ones with the unit's entry. */
  readonly scored: number;
  /** scorable − scored. */
  readonly unscored: number;
  /** Survey-scored leaves with points. */
  readonly surveyed: number;
  /** Survey-scored leaves without valid answers. */
  readonly noData: number;
  /** Applicable leaves appraised in round 1. */
  readonly appraised: number;
  /** Applicable leaves the unit was asked to explain. */
  readonly flagged: number;
  /** Of those, explained by the unit. */
  readonly explained: number;
  /** Of those, decided in round 2. */
  readonly decided: number;
}

/** A field's (or bonus/penalty section's) results. */
export interface FieldResult {
  readonly code: string;
  readonly title: string;
  readonly adjustment?: Adjustment;
  readonly points: Hundredths;
  /** The applicable maximum; for a section, its cap. */
  readonly max: Hundredths;
  /** The sub-index (hundredths of a percent); null for sections and where nothing applies. */
  readonly index: Hundredths | null;
  readonly notApplicable: boolean;
  /** Some leaf below is scored by the unit itself, so the council appraises the field. */
  readonly appraisable: boolean;
  readonly counts: ResultCounts;
}

export interface UnitResults {
  readonly unitCode: string;
  readonly year: number;
  readonly groupCode: string;
  readonly points: Hundredths;
  readonly max: Hundredths;
  readonly index: Hundredths | null;
  /** Points of the fields before bonus and penalty. */
  readonly basePoints: Hundredths;
  readonly bonus: Hundredths;
  readonly penalty: Hundredths;
  /**
   * Something to rank on: the unit submitted, or some leaf has an entry at some stage. Without it the
   * unit has no result yet ("chưa có kết quả"): never ranked or classified.
   */
  readonly hasResult: boolean;
  readonly exclusion: { readonly reason: string } | null;
  /** The band of the index; null without a result, when excluded, or without an index. */
  readonly classification: ClassificationBand | null;
  readonly fields: readonly FieldResult[];
  readonly leaves: readonly LeafResult[];
  readonly counts: ResultCounts;
  /** The standard score sheet of these results. */
  readonly sheet: ScoreSheet;
  /** The domain's score these results come from (group subtotals, issues). */
  readonly score: UnitScore;
}

/** The scoring input of one leaf: the stored stages, and the live survey input where none is frozen. */
export function leafInputOf(record: LeafRecord | undefined, live?: SurveyLeafInput): LeafInput {
  return {
    ...(record?.notApplicable ? { notApplicable: true } : {}),
    ...(record?.self ? { self: record.self } : {}),
    ...(record && record.round1 !== null ? { appraised: { points: record.round1 } } : {}),
    ...(record && record.round2 !== null ? { final: { points: record.round2 } } : {}),
    ...(record?.selfNote ? { note: record.selfNote } : {}),
    ...(record?.surveyInput ?? live ?? {}),
  };
}

/** The unit's score through the domain's scoring, from its stored stages. */
export function scoreRecords(set: CriteriaSet, unitCode: string | undefined, records: readonly LeafRecord[], config: YearConfig, live: Readonly<Record<string, SurveyLeafInput>> = {}): UnitScore {
  const leaves: Record<string, LeafInput> = {};
  for (const record of records) leaves[record.leafCode] = leafInputOf(record, live[record.leafCode]);
  for (const [code, input] of Object.entries(live)) leaves[code] ??= leafInputOf(undefined, input);
  return scoreUnit(set, { ...(unitCode !== undefined ? { unitCode } : {}), leaves }, scoringConfigOf(config));
}

/** The appraisers' reasons as the score sheet's notes, by leaf code. */
function appraisalNotes(records: readonly LeafRecord[]): Record<string, string> {
  const notes: Record<string, string> = {};
  for (const r of records) {
    const parts = [r.round1Reason ? `Thẩm định: ${r.round1Reason}` : '', r.round2Reason ? `Thẩm định vòng 2: ${r.round2Reason}` : ''].filter(Boolean);
    if (parts.length) notes[r.leafCode] = parts.join('; ');
  }
  return notes;
}

const ZERO_COUNTS: ResultCounts = Object.freeze({ leaves: 0, notApplicable: 0, scorable: 0, scored: 0, unscored: 0, surveyed: 0, noData: 0, appraised: 0, flagged: 0, explained: 0, decided: 0 });

function addLeaf(c: Record<keyof ResultCounts, number>, leaf: LeafResult, record: LeafRecord | undefined): void {
  c.leaves++;
  if (leaf.status === 'notApplicable') {
    c.notApplicable++;
    return;
  }
  if (leaf.scoredBy === 'self') {
    c.scorable++;
    if (record?.self) c.scored++;
    else c.unscored++;
  } else if (leaf.status === 'noData') {
    c.noData++;
  } else if (leaf.survey !== null) {
    c.surveyed++;
  }
  if (record?.appraisalAction) c.appraised++;
  if (record?.appraisalAction === 'explain') {
    c.flagged++;
    if (record.explanation) c.explained++;
    if (record.explanationResult) c.decided++;
  }
}

/** One unit's results (see UnitResults). Pure: the same set, records and configuration give the same results. */
export function computeUnitResults(set: CriteriaSet, input: UnitResultsInput, config: YearConfig): UnitResults {
  const compiled = compileCriteriaSet(set);
  const score = scoreRecords(set, input.unitCode, input.records, config, input.liveSurvey);
  const records = new Map(input.records.map((r) => [r.leafCode, r]));

  const total: Record<keyof ResultCounts, number> = { ...ZERO_COUNTS };
  const byField = new Map<string, Record<keyof ResultCounts, number>>();
  const leaves: LeafResult[] = [];
  let entered = false;
  for (let i = 0; i < compiled.leaves.length; i++) {
    const { node, path } = compiled.leaves[i]!;
    const s = score.leaves[i]!;
    const r = records.get(node.code);
    const fieldCode = path[0]!;
    const leaf: LeafResult = {
      code: node.code,
      kind: node.kind,
      scoredBy: node.scoredBy,
      fieldCode,
      status: s.status,
      max: s.max,
      self: s.self,
      selfNote: r?.selfNote ?? null,
      appraisalAction: r?.appraisalAction ?? null,
      round1: s.appraised,
      round1Reason: r?.round1Reason ?? null,
      explanation: r?.explanation ?? null,
      explanationResult: r?.explanationResult ?? null,
      round2: s.final,
      round2Reason: r?.round2Reason ?? null,
      survey: s.survey,
      achieved: s.achieved,
    };
    leaves.push(leaf);
    addLeaf(total, leaf, r);
    let field = byField.get(fieldCode);
    if (!field) byField.set(fieldCode, (field = { ...ZERO_COUNTS }));
    addLeaf(field, leaf, r);
    if (r && (r.self !== null || r.appraisalAction !== null || r.round2 !== null)) entered = true;
  }

  const groupTotals = new Map(score.groups.map((g) => [g.code, g]));
  const selfScoredFields = new Set(compiled.leaves.filter((l) => l.node.scoredBy === 'self').map((l) => l.path[0]!));
  const fields: FieldResult[] = [];
  for (const g of compiled.groups) {
    if (g.depth !== 1) continue;
    const t = groupTotals.get(g.node.code)!;
    fields.push({
      code: g.node.code,
      title: g.node.title,
      ...(g.adjustment ? { adjustment: g.adjustment } : {}),
      points: t.points,
      max: t.max,
      index: t.index,
      notApplicable: t.notApplicable,
      appraisable: selfScoredFields.has(g.node.code),
      counts: byField.get(g.node.code) ?? ZERO_COUNTS,
    });
  }

  const hasResult = input.submitted || entered;
  const exclusion = input.exclusion ? { reason: input.exclusion.reason?.trim() || DEFAULT_EXCLUSION_REASON } : null;
  return {
    unitCode: input.unitCode,
    year: set.year,
    groupCode: set.groupCode,
    points: score.points,
    max: score.max,
    index: score.index,
    basePoints: score.basePoints,
    bonus: score.bonus,
    penalty: score.penalty,
    hasResult,
    exclusion,
    classification: hasResult && !exclusion && score.index !== null ? classify(score.index, classificationOf(config)) : null,
    fields,
    leaves,
    counts: total,
    sheet: buildScoreSheet(set, score, appraisalNotes(input.records)),
    score,
  };
}

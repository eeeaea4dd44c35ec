import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The custom search attributes the Sở Nội vụ's lists and the Temporal UI filter on. */
export const YEAR = defineSearchAttributeKey('Year', SearchAttributeType.INT);
export const PHASE = defineSearchAttributeKey('Phase', SearchAttributeType.KEYWORD);
export const UNIT_GROUP = defineSearchAttributeKey('UnitGroup', SearchAttributeType.KEYWORD);
export const UNIT_CODE = defineSearchAttributeKey('UnitCode', SearchAttributeType.KEYWORD);
export const PHASE_DEADLINE = defineSearchAttributeKey('PhaseDeadline', SearchAttributeType.DATETIME);

/** Name → type as the CLI's `--search-attribute Name=Type` and the operator API spell them. */
export const SEARCH_ATTRIBUTES: Record<string, 'Int' | 'Keyword' | 'Datetime'> = {
  Year: 'Int',
  Phase: 'Keyword',
  UnitGroup: 'Keyword',
  UnitCode: 'Keyword',
  PhaseDeadline: 'Datetime',
};

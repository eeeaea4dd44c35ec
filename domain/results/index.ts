/** One unit's results, the year's ranking, the score sheet and the appraisal's precedence. */
export * from './appraisal';
export * from './classify';
export * from './ranking';
export * from './score-sheet';
export * from './unit';
export * from './year';

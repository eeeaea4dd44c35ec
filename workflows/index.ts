// The workflow bundle's entry: every workflow type the worker runs.
export { cycle } from './cycle';
export { unitAssessment } from './unit-assessment';

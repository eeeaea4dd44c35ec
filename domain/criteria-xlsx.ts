/**
 * Excel import and export of criteria sets. A separate entry from domain/index.ts because it needs
 * exceljs, which workflows must not bundle: import this only from the API, activities and scripts.
 */
export { criteriaSetFromXlsx, criteriaSetToXlsx, NODE_COLUMNS, SHEET_HELP, SHEET_INFO, SHEET_NODES } from './criteria/xlsx';

import { describe, expect, it } from '@jest/globals';
import { Workbook } from 'exceljs';
import { criteriaSetFromXlsx, criteriaSetToXlsx, SHEET_INFO, SHEET_NODES } from '../../adapters/xlsx/criteria';
import type { CriteriaSet } from '../../domain';
import { loadSample, miniSet } from '../domain/fixtures';

/** Exports `set`, lets `edit` change the workbook as a person would in Excel, and imports it back. */
async function roundTrip(set: CriteriaSet, edit?: (wb: Workbook) => void) {
  let buffer = await criteriaSetToXlsx(set);
  if (edit) {
    const wb = new Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    edit(wb);
    buffer = Buffer.from(await wb.xlsx.writeBuffer());
  }
  return criteriaSetFromXlsx(buffer);
}
const nodes = (wb: Workbook) => wb.getWorksheet(SHEET_NODES)!;
/** The row of the node with this code in the "Tiêu chí" sheet. */
function rowOf(wb: Workbook, code: string): number {
  let found = -1;
  nodes(wb).eachRow((row, r) => {
    if (row.getCell(1).value === code) found = r;
  });
  if (found < 0) throw new Error(code);
  return found;
}
async function issues(set: CriteriaSet, edit: (wb: Workbook) => void) {
  const result = await roundTrip(set, edit);
  if (result.ok) throw new Error('expected the sheet to be refused');
  return result.issues;
}

describe('Excel export and import', () => {
  it.each(['departments', 'districts'] as const)('round-trips the %s sample set losslessly', async (name) => {
    const set = loadSample(name);
    expect(await roundTrip(set)).toStrictEqual({ ok: true, value: set });
  });

  it('round-trips every leaf kind of the mini set', async () => {
    expect(await roundTrip(miniSet())).toStrictEqual({ ok: true, value: miniSet() });
  });

  it('writes the documented layout', async () => {
    const wb = new Workbook();
    await wb.xlsx.load((await criteriaSetToXlsx(miniSet())) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Thông tin', 'Tiêu chí', 'Hướng dẫn']);
    const sheet = nodes(wb);
    expect(sheet.getRow(1).values).toEqual([undefined, 'Mã', 'Tên lĩnh vực/tiêu chí/tiêu chí thành phần', 'Điểm tối đa', 'Loại', 'Người chấm', 'Tham số', 'Phương pháp chấm', 'Tài liệu kiểm chứng']);
    const row = (code: string) => sheet.getRow(rowOf(wb, code)).values as unknown[];
    expect(row('1')).toEqual([undefined, '1', 'Công tác chỉ đạo, điều hành CCHC', 6, '', '', '', '', '']);
    expect(row('1.1.1').slice(1, 7)).toEqual(['1.1.1', 'Ban hành kế hoạch kịp thời', 1, 'Theo mức', 'Đơn vị tự chấm', '1,00 = Đúng hạn\n0,50 = Chậm\n0,00 = Không ban hành']);
    expect(row('1.1.2')[6]).toBe('Tỷ lệ: Tỷ lệ hoàn thành\ntừ 90,00% = 2,00\ntừ 70,00% đến dưới 90,00% = 1,00\ntừ 0,00% đến dưới 70,00% = 0,00');
    expect(row('1.3')[6]).toBe('Tử số: Số vấn đề đã xử lý\nMẫu số: Tổng số vấn đề\nCách tính: tỷ lệ\nMẫu số bằng 0: điểm tối đa');
    expect(row('2.1')[6]).toBe(
      'Tử số: Số hồ sơ đúng hạn\nMẫu số: Tổng số hồ sơ\nCách tính: theo khoảng\ntừ 100,00% = 1,00\ntừ 95,00% đến dưới 100,00% = 0,50\ntừ 0,00% đến dưới 95,00% = 0,00\nMẫu số bằng 0: không áp dụng',
    );
    expect(row('9').slice(1, 5)).toEqual(['9', 'Điểm thưởng', 1, 'Mục điểm thưởng']);
    expect(row('9.1')[6]).toBe('Mỗi lần: 0,50');
    const info = wb.getWorksheet(SHEET_INFO)!;
    expect(info.getColumn(1).values.slice(1)).toEqual(['Thuộc tính', 'Định dạng', 'Phiên bản', 'Năm', 'Mã nhóm đơn vị', 'Tên bộ tiêu chí', 'Bộ tiêu chí mẫu', 'Thang điểm', 'Ghi chú']);
  });

  it('accepts what a person types: numbers as text with a comma, Vietnamese or code names, loose spacing', async () => {
    const result = await roundTrip(miniSet(), (wb) => {
      const sheet = nodes(wb);
      sheet.getCell(`C${rowOf(wb, '1.2')}`).value = '1,00';
      sheet.getCell(`D${rowOf(wb, '1.2')}`).value = 'binary';
      sheet.getCell(`E${rowOf(wb, '1.2')}`).value = 'self';
      sheet.getCell(`F${rowOf(wb, '1.1.2')}`).value = 'tỷ lệ:  Tỷ lệ hoàn thành \n\nTừ 90 % = 2\r\ntừ 70% đến dưới 90% = 1 điểm\ntừ 0 đến dưới 70 = 0';
      sheet.getCell(`F${rowOf(wb, '1.1.1')}`).value = { richText: [{ text: '1 = Đúng hạn\n0.5 = Chậm\n' }, { text: '0 = Không ban hành' }] };
    });
    expect(result).toStrictEqual({ ok: true, value: miniSet() });
  });

  it('refuses a bad sheet whole, naming row and column of every problem', async () => {
    const found = await issues(miniSet(), (wb) => {
      const sheet = nodes(wb);
      sheet.getCell(`C${rowOf(wb, '1.1.1')}`).value = 'một';
      sheet.getCell(`D${rowOf(wb, '1.2')}`).value = 'Bình chọn';
      sheet.getCell(`F${rowOf(wb, '1.1.2')}`).value = 'từ 90% = 2\ntừ bảy mươi = 1';
      sheet.getCell(`E${rowOf(wb, '1')}`).value = 'Đơn vị tự chấm';
      sheet.getCell(`F${rowOf(wb, '2.2')}`).value = 'A = 100';
    });
    expect(found.map((i) => i.message)).toEqual([
      'Dòng 2, cột E: dòng 1 là nhóm (cột Loại để trống hoặc là mục điểm thưởng/điểm trừ) nên ô này phải để trống.',
      'Dòng 4, cột C: điểm tối đa “một” không phải số có tối đa 2 chữ số thập phân.',
      'Dòng 5, cột F: (dòng thứ 2 trong ô) “từ bảy mươi = 1” không đúng cú pháp khoảng tỷ lệ; mẫu: “từ 70% đến dưới 90% = 1” hoặc “từ 90% = 2”.',
      'Dòng 6, cột D: loại “Bình chọn” không hợp lệ; dùng một trong: Theo mức, Theo tỷ lệ, Đạt/Không đạt, Công thức, Điều tra XHH, Khảo sát hài lòng, Điểm thưởng, Điểm trừ, Mục điểm thưởng, Mục điểm trừ, hoặc để trống với dòng nhóm.',
      'Dòng 10, cột F: (dòng thứ 1 trong ô) loại này không có tham số; để trống ô (nhận được “A = 100”).',
    ]);
    expect(found[1]).toMatchObject({ sheet: 'Tiêu chí', row: 4, column: 'C', nodeCode: '1.1.1', code: 'INVALID_NUMBER' });
  });

  it('places rule violations on the row and column of the node', async () => {
    const found = await issues(miniSet(), (wb) => {
      const sheet = nodes(wb);
      sheet.getCell(`C${rowOf(wb, '1.1')}`).value = 3.5;
      sheet.getCell(`E${rowOf(wb, '2.2')}`).value = 'Đơn vị tự chấm';
      sheet.getCell(`F${rowOf(wb, '1.1.2')}`).value = 'từ 90% = 2\ntừ 75% đến dưới 90% = 1\ntừ 0% đến dưới 70% = 0';
    });
    expect(found.map((i) => [i.code, i.row, i.column])).toEqual([
      ['MAX_SUM_MISMATCH', 2, 'C'],
      ['MAX_SUM_MISMATCH', 3, 'C'],
      ['BAND_GAP', 5, 'F'],
      ['SURVEY_SELF_SCORED', 10, 'E'],
    ]);
    expect(found[1]!.message).toBe('Dòng 3, cột C: Tiêu chí 1.1: tổng điểm tối đa các mục con là 3,00, khác điểm tối đa 3,50 đã khai báo.');
    expect(found[2]!.message).toBe('Dòng 5, cột F: Tiêu chí thành phần 1.1.2: tỷ lệ từ 70,00% đến dưới 75,00% chưa thuộc khoảng nào.');
  });

  it('reports duplicate codes and orphans by row', async () => {
    const found = await issues(miniSet(), (wb) => {
      const sheet = nodes(wb);
      sheet.getCell(`A${rowOf(wb, '1.3')}`).value = '1.2';
      sheet.getCell(`A${rowOf(wb, '2.3')}`).value = '5.1';
    });
    expect(found.map((i) => i.message)).toEqual(['Dòng 7, cột A: mã 1.2 trùng với dòng 6.', 'Dòng 11, cột A: mã cha 5 của 5.1 chưa có ở các dòng phía trên.']);
  });

  it('reports set-level problems on the information sheet', async () => {
    const found = await issues(miniSet(), (wb) => {
      const info = wb.getWorksheet(SHEET_INFO)!;
      info.getCell('B8').value = 11;
      info.getCell('B7').value = 'Có lẽ';
    });
    expect(found.map((i) => i.message)).toEqual(['Trang “Thông tin”, dòng 7, cột B: “Bộ tiêu chí mẫu” phải là “Có” hoặc “Không”.']);
    const scale = await issues(miniSet(), (wb) => {
      wb.getWorksheet(SHEET_INFO)!.getCell('B8').value = 11;
    });
    expect(scale.map((i) => i.message)).toEqual(['Trang “Thông tin”, dòng 8, cột B: Bộ tiêu chí: tổng điểm tối đa các lĩnh vực là 10,00, khác thang điểm 11,00 đã khai báo.']);
  });

  it('refuses a file that is not a workbook, or lacks a sheet, or has other columns', async () => {
    expect(await criteriaSetFromXlsx(Buffer.from('not a zip'))).toEqual({ ok: false, issues: [expect.objectContaining({ code: 'INVALID_FILE' })] });
    const noInfo = await issues(miniSet(), (wb) => wb.removeWorksheet(wb.getWorksheet(SHEET_INFO)!.id));
    expect(noInfo.map((i) => i.message)).toEqual(['Tệp thiếu trang “Thông tin”.']);
    const columns = await issues(miniSet(), (wb) => {
      nodes(wb).getCell('D1').value = 'Kiểu';
    });
    expect(columns.map((i) => i.message)).toEqual(['Dòng 1, cột D: tiêu đề cột phải là “Loại” (nhận được “Kiểu”).']);
  });

  it('accepts numbers stored as binary fractions but refuses a third decimal', async () => {
    const ok = await roundTrip(miniSet(), (wb) => {
      nodes(wb).getCell(`C${rowOf(wb, '1.2')}`).value = 0.1 + 0.9; // 1.0000000000000000
    });
    expect(ok.ok).toBe(true);
    const bad = await issues(miniSet(), (wb) => {
      nodes(wb).getCell(`C${rowOf(wb, '1.2')}`).value = 1.005;
    });
    expect(bad.map((i) => [i.row, i.column, i.code])).toEqual([[6, 'C', 'INVALID_NUMBER']]);
  });
});

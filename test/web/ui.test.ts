import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { buildWeb } from '../../web/build';
import { smallCriteriaSet } from '../fixtures/small-criteria-set';
import { assignFields, seedOrg, TEST_PASSWORD } from '../support/org';
import { eventually, startTestSystem, type TestSystem } from '../support/system';
import { launchBrowser, leaf, newContext, SCREENSHOTS, signedIn } from './browser';
import { openYearConfig } from '../fixtures/open-year-config';

/**
 * The browser UI in real Chromium against the real system (PostgreSQL, Temporal, SMTP, worker, API):
 * a unit officer scores leaves and meets an ETag conflict, the head submits, a council member
 * appraises a field, Sở Nội vụ reads the board. Steps build on each other, as the year does.
 */
const YEAR = 2023;
const GROUP = 'SO_NGANH';
const NEW_PASSWORD = 'Cchc-Tuyen-Quang-2024!';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

describe('web UI', () => {
  let sys: TestSystem;
  let browser: Browser;
  let secretariat: string;

  const status = async () => (await sys.http.request('GET', `/api/v1/years/${YEAR}/status`, { token: secretariat })).body;
  const phaseOf = async (unit: string) => (await status()).units?.find((u: { unitCode: string }) => u.unitCode === unit)?.phase as string | undefined;
  const leafRecord = async (token: string, code: string) =>
    (await sys.http.request('GET', `/api/v1/years/${YEAR}/units/SNV/assessment`, { token })).body.leaves.find((l: { leafCode: string }) => l.leafCode === code);

  beforeAll(async () => {
    const built = buildWeb();
    sys = await startTestSystem();
    await seedOrg(sys.database.db, {
      groups: [{ code: GROUP, name: 'Các sở, ban, ngành', units: ['SNV', 'STP', 'STC'] }],
      users: [
        { username: 'sonoivu', role: 'secretariat' },
        { username: 'hoidong', role: 'council_member' },
        { username: 'chutich', role: 'chair' },
      ],
    });
    secretariat = await sys.http.login('sonoivu');
    const created = await sys.http.request('POST', '/api/v1/years', {
      token: secretariat,
      body: {
        year: YEAR,
        title: 'Chỉ số CCHC năm 2023',
        // The survey has already closed, so submitted units move on to appraisal at once.
        config: openYearConfig(),
      },
    });
    expect(created.status).toBe(201);
    expect((await sys.http.request('PUT', `/api/v1/years/${YEAR}/criteria-sets/${GROUP}`, { token: secretariat, body: smallCriteriaSet(YEAR, GROUP) })).status).toBeLessThan(300);
    await assignFields(sys.database.db, YEAR, 'hoidong', ['1', '2']);
    expect((await sys.http.request('POST', `/api/v1/years/${YEAR}/start`, { token: secretariat })).status).toBe(202);
    await eventually(async () => ((await phaseOf('SNV')) === 'SELF_ASSESSMENT' && (await phaseOf('STP')) === 'SELF_ASSESSMENT' ? true : undefined), 'units in self-assessment');
    await built;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  it('serves the app under a strict CSP, index never cached, assets cached for good', async () => {
    const index = await fetch(`${sys.baseUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await index.text();
    expect(html).toContain('<html lang="vi">');
    const asset = /src="(\/assets\/app-[0-9a-f]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${sys.baseUrl}${asset}`);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('lets the unit officer score leaves under their rules and settle an ETag conflict; the head submits', async () => {
    const officer = await signedIn(browser, sys.baseUrl, 'snv.canbo');
    const { page } = officer;
    await page.getByRole('heading', { level: 1, name: `Hồ sơ tự đánh giá năm ${YEAR}` }).waitFor();
    expect(page.url()).toContain(`#/nam/${YEAR}/don-vi/SNV`);
    await page.getByText('Đã chấm 0/3 tiêu chí thành phần tự chấm').waitFor();

    // Field 1: a tiered leaf and a binary one.
    await leaf(page, '1.1.1').getByLabel(/Ban hành đúng thời hạn/).check();
    await leaf(page, '1.1.2').getByLabel(/^Đạt/).check();
    await leaf(page, '1.1.2').getByLabel('Giải trình, ghi chú').fill('Đủ 4 báo cáo quý, gửi đúng hạn');
    // Field 2: a threshold leaf; a ratio outside every band is refused by the leaf's own rule.
    await page.getByRole('tab', { name: /2\. Cải cách thủ tục hành chính/ }).click();
    const ratio = leaf(page, '2.1.1').getByLabel('Tỷ lệ hồ sơ đúng hạn');
    await ratio.fill('abc');
    await leaf(page, '2.1.1').getByText(/không phải số hợp lệ/).waitFor();
    await ratio.fill('92,5');
    await leaf(page, '2.1.1').getByText('Tỷ lệ 92,50% → 3,00 điểm').waitFor();
    await page.getByText('3 tiêu chí có thay đổi chưa lưu').waitFor();
    await page.getByRole('button', { name: 'Lưu tất cả' }).click();
    await page.getByText('Đã lưu 3 tiêu chí.').waitFor();
    await page.getByText('Đã chấm 3/3 tiêu chí thành phần tự chấm').waitFor();
    const token = await sys.http.login('snv.thutruong');
    expect(await leafRecord(token, '2.1.1')).toMatchObject({ selfScore: 3, entry: { ratio: 92.5 }, version: 1 });

    // The head changes 1.1.1 meanwhile; the officer's next save of it meets a 412 and keeps their own.
    const other = await sys.http.request('PUT', `/api/v1/years/${YEAR}/units/SNV/leaves/1.1.1`, { token, headers: { 'If-Match': '"v1"' }, body: { entry: { points: 1.5 } } });
    expect(other.status).toBe(200);
    await page.getByRole('tab', { name: /1\. Công tác chỉ đạo/ }).click();
    await leaf(page, '1.1.1').getByLabel(/Không ban hành/).check();
    await leaf(page, '1.1.1').getByRole('button', { name: 'Lưu tiêu chí này' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tiêu chí 1.1.1 vừa được người khác cập nhật' });
    await dialog.waitFor();
    await dialog.getByText('1,50 điểm').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'etag-conflict.png') });
    await dialog.getByRole('button', { name: 'Giữ bản của tôi và lưu đè' }).click();
    await leaf(page, '1.1.1').getByText(/Đã lưu lúc/).waitFor();
    expect(await leafRecord(token, '1.1.1')).toMatchObject({ selfScore: 0, version: 3 });

    // Evidence for 1.1.1: a PDF is listed with its Vietnamese name; a text file is refused by type.
    const evidence = leaf(page, '1.1.1').locator('details.evidence');
    await evidence.locator('summary').click();
    await evidence.getByText('Chưa có tài liệu nào.').waitFor();
    const upload = evidence.getByLabel('Chọn tệp…');
    await upload.setInputFiles({ name: 'ghi-chu.txt', mimeType: 'text/plain', buffer: Buffer.from('không phải tài liệu') });
    await evidence.getByRole('button', { name: 'Tải lên' }).click();
    await evidence.getByText(/Không tải lên được/).waitFor();
    await upload.setInputFiles({ name: 'Kế hoạch CCHC năm 2023.pdf', mimeType: 'application/pdf', buffer: PDF });
    await evidence.getByRole('button', { name: 'Tải lên' }).click();
    await evidence.getByRole('button', { name: 'Kế hoạch CCHC năm 2023.pdf', exact: true }).waitFor();
    await evidence.getByText('Tài liệu kiểm chứng đã tải lên (1)').waitFor();

    // Unsaved work is guarded when leaving the screen.
    await leaf(page, '1.1.1').getByLabel('Giải trình, ghi chú').fill('Chưa ban hành kế hoạch');
    await page.getByRole('link', { name: 'Kết quả công bố' }).click();
    const leave = page.getByRole('dialog', { name: 'Rời trang khi chưa lưu?' });
    await leave.waitFor();
    await leave.getByRole('button', { name: 'Hủy' }).click();
    expect(page.url()).toContain('/don-vi/SNV');
    await page.keyboard.press('Control+s');
    await page.getByText('Mọi thay đổi đã được lưu').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'unit-sheet.png'), fullPage: true });
    expect(officer.errors).toEqual([]);
    await officer.close();

    const head = await signedIn(browser, sys.baseUrl, 'snv.thutruong');
    await head.page.getByRole('button', { name: 'Nộp hồ sơ tự đánh giá' }).click();
    const confirm = head.page.getByRole('dialog', { name: 'Nộp hồ sơ tự đánh giá' });
    await confirm.getByText('Đã chấm đủ mọi tiêu chí thành phần tự chấm.').waitFor();
    await confirm.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await confirm.getByText('Cần xác nhận tính trung thực').waitFor();
    await confirm.getByLabel(/Tôi xác nhận số liệu/).check();
    await confirm.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await head.page.getByText(/Đã nộp lúc/).first().waitFor();
    await head.page.getByText('Hồ sơ đã nộp hoặc đã khóa; điểm tự chấm không sửa được nữa.').waitFor();
    expect(await head.page.getByRole('button', { name: 'Nộp hồ sơ tự đánh giá' }).isHidden()).toBe(true);
    expect(head.errors).toEqual([]);
    await head.close();
    await eventually(async () => ((await phaseOf('SNV')) !== 'SELF_ASSESSMENT' ? true : undefined), 'SNV submitted');
  });

  it('lets a council member appraise a field from the inbox', async () => {
    const stp = await sys.http.login('stp.thutruong');
    expect((await sys.http.request('POST', `/api/v1/years/${YEAR}/units/STP/submit`, { token: stp })).status).toBe(200);
    await eventually(async () => ((await phaseOf('SNV')) === 'APPRAISAL' ? true : undefined), 'SNV in appraisal');

    const council = await signedIn(browser, sys.baseUrl, 'hoidong');
    const { page } = council;
    expect(page.url()).toContain(`#/nam/${YEAR}/tham-dinh`);
    await page.getByRole('heading', { level: 1, name: `Thẩm định năm ${YEAR}` }).waitFor();
    await page.getByRole('link', { name: /Cần thẩm định vòng 1 lĩnh vực 1, Đơn vị SNV/ }).click();
    await page.getByRole('heading', { level: 1, name: /Thẩm định lĩnh vực 1/ }).waitFor();
    await page.getByText('Đã thẩm định 0/2 tiêu chí thành phần của lĩnh vực.').waitFor();

    // The unit's evidence is there to read.
    const files = leaf(page, '1.1.1').locator('details.evidence');
    await files.getByText('Tài liệu kiểm chứng đã tải lên (1)').click();
    const [file] = await Promise.all([page.waitForEvent('download'), files.getByRole('button', { name: 'Kế hoạch CCHC năm 2023.pdf', exact: true }).click()]);
    expect(file.suggestedFilename()).toBe('Kế hoạch CCHC năm 2023.pdf');

    // Adjust 1.1.2 under its rule (binary: only 0 or the maximum), with a reason; accept the rest.
    const binary = leaf(page, '1.1.2');
    await binary.getByLabel('Điều chỉnh điểm').check();
    await binary.getByLabel(/^Không đạt/).check();
    await binary.getByRole('button', { name: 'Ghi nhận' }).click();
    await page.getByText('Cần nêu lý do khi điều chỉnh điểm hoặc yêu cầu giải trình.').waitFor();
    await binary.getByLabel(/^Lý do/).fill('Báo cáo quý IV gửi chậm 10 ngày');
    await binary.getByRole('button', { name: 'Ghi nhận' }).click();
    await binary.getByText('✓ Điều chỉnh điểm — 0,00 điểm').waitFor();
    await page.getByRole('button', { name: 'Chấp nhận các tiêu chí còn lại' }).click();
    await page.getByRole('dialog', { name: 'Chấp nhận điểm tự chấm' }).getByRole('button', { name: 'Chấp nhận tất cả' }).click();
    await page.getByText('Đã thẩm định 2/2 tiêu chí thành phần của lĩnh vực.').waitFor();
    await page.getByRole('button', { name: 'Hoàn thành thẩm định lĩnh vực 1' }).click();
    await page.getByRole('dialog', { name: 'Hoàn thành thẩm định lĩnh vực 1' }).getByRole('button', { name: 'Hoàn thành' }).click();
    await page.getByRole('heading', { level: 1, name: `Thẩm định năm ${YEAR}` }).waitFor();
    await page.getByLabel('Chỉ hiện đơn vị còn việc phải thẩm định').uncheck();
    await page.getByRole('link', { name: /Xong vòng 1 lĩnh vực 1, Đơn vị SNV/ }).waitFor();

    const token = await sys.http.login('snv.canbo');
    expect(await leafRecord(token, '1.1.2')).toMatchObject({ appraisalAction: 'adjust', appraisedScore: 0, appraisalReason: 'Báo cáo quý IV gửi chậm 10 ngày' });
    expect(await leafRecord(token, '1.1.1')).toMatchObject({ appraisalAction: 'accept', appraisedScore: 0 });
    expect(council.errors).toEqual([]);
    await council.close();
  });

  it('runs the explanation round: the council flags a leaf, the unit explains it, round 2 upholds it', async () => {
    const council = await signedIn(browser, sys.baseUrl, 'hoidong');
    let page = council.page;
    await page.getByRole('link', { name: /Cần thẩm định vòng 1 lĩnh vực 2, Đơn vị SNV/ }).click();
    const ratio = leaf(page, '2.1.1');
    await ratio.getByLabel('Yêu cầu đơn vị giải trình').check();
    await ratio.getByLabel(/^Lý do/).fill('Đề nghị làm rõ số hồ sơ trễ hạn do liên thông');
    await ratio.getByRole('button', { name: 'Ghi nhận' }).click();
    await ratio.getByText('✓ Yêu cầu đơn vị giải trình').waitFor();
    await page.getByRole('button', { name: 'Hoàn thành thẩm định lĩnh vực 2' }).click();
    await page.getByRole('dialog', { name: 'Hoàn thành thẩm định lĩnh vực 2' }).getByRole('button', { name: 'Hoàn thành' }).click();
    await page.getByRole('heading', { level: 1, name: `Thẩm định năm ${YEAR}` }).waitFor();
    await eventually(async () => ((await phaseOf('SNV')) === 'DISPUTE' ? true : undefined), 'SNV explaining');

    const unit = await signedIn(browser, sys.baseUrl, 'snv.canbo');
    await unit.page.getByText('Hội đồng thẩm định yêu cầu giải trình 1 tiêu chí').waitFor();
    await unit.page.getByRole('link', { name: '2.1.1' }).click();
    const flagged = leaf(unit.page, '2.1.1');
    await flagged.getByText('Đề nghị làm rõ số hồ sơ trễ hạn do liên thông', { exact: false }).waitFor();
    await flagged.getByLabel('Giải trình, kiến nghị của đơn vị').fill('12 hồ sơ trễ do phần mềm liên thông của Bộ; có văn bản xác nhận kèm theo.');
    await flagged.getByRole('button', { name: 'Gửi giải trình' }).click();
    await flagged.getByText('12 hồ sơ trễ do phần mềm liên thông của Bộ', { exact: false }).waitFor();
    expect(unit.errors).toEqual([]);
    await unit.close();
    await eventually(async () => ((await phaseOf('SNV')) === 'FINAL_APPRAISAL' ? true : undefined), 'SNV in round 2');

    await page.reload();
    page = council.page;
    await page.getByLabel('Chỉ hiện đơn vị còn việc phải thẩm định').check();
    await page.getByRole('link', { name: /Cần thẩm định vòng 2 lĩnh vực 2, Đơn vị SNV/ }).click();
    await page.getByRole('heading', { level: 1, name: /Thẩm định vòng 2 lĩnh vực 2/ }).waitFor();
    const decided = leaf(page, '2.1.1');
    await decided.getByText('12 hồ sơ trễ do phần mềm liên thông của Bộ', { exact: false }).waitFor();
    await decided.getByLabel('Chấp nhận giải trình', { exact: true }).check();
    await decided.getByRole('button', { name: 'Ghi nhận' }).click();
    await decided.getByText(/✓ Chấp nhận giải trình/).waitFor();
    await page.getByRole('button', { name: 'Hoàn thành thẩm định lĩnh vực 2' }).click();
    await page.getByRole('dialog', { name: 'Hoàn thành thẩm định lĩnh vực 2' }).getByRole('button', { name: 'Hoàn thành' }).click();
    await page.getByRole('heading', { level: 1, name: `Thẩm định năm ${YEAR}` }).waitFor();
    await eventually(async () => ((await phaseOf('SNV')) === 'RANKING' ? true : undefined), 'SNV waiting for the council');
    const token = await sys.http.login('snv.canbo');
    expect(await leafRecord(token, '2.1.1')).toMatchObject({ explanationResult: 'upheld', finalScore: 3 });
    expect(council.errors).toEqual([]);
    await council.close();
  });

  it('lets Sở Nội vụ set up and start a year: criteria errors listed, a good set imported, the year started', async () => {
    const setup = await signedIn(browser, sys.baseUrl, 'sonoivu');
    const { page } = setup;
    await page.getByRole('link', { name: 'Thiết lập năm' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thiết lập năm đánh giá' }).waitFor();
    await page.getByLabel('Năm được đánh giá').fill('2024');
    await page.getByLabel('Năm được đánh giá').dispatchEvent('change');
    expect(await page.getByLabel('Hạn tự đánh giá, nhập số liệu, tài liệu kiểm chứng').inputValue()).toBe('2025-03-31');
    await page.getByRole('button', { name: 'Tạo năm đánh giá' }).click();
    await page.getByRole('heading', { level: 1, name: 'Chỉ số cải cách hành chính năm 2024' }).waitFor();
    await page.getByText('31/03/2025').first().waitFor();

    const group = page.locator('section.group-card').first();
    const broken = { ...smallCriteriaSet(2024, GROUP), scale: 2000 };
    await group.getByLabel('Chọn tệp…').setInputFiles({ name: 'bo-tieu-chi.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    await group.getByRole('button', { name: 'Nhập bộ tiêu chí' }).click();
    await group.getByText('Bộ tiêu chí không hợp lệ.', { exact: false }).waitFor();
    await group.locator('.issues').getByText(/thang điểm 20,00/).waitFor();
    await group.getByLabel('Chọn tệp…').setInputFiles({ name: 'bo-tieu-chi.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(smallCriteriaSet(2024, GROUP))) });
    await group.getByRole('button', { name: 'Nhập bộ tiêu chí' }).click();
    await page.locator('section.group-card').first().getByText('Bộ tiêu chí thử nghiệm SO_NGANH năm 2024').waitFor();

    await page.getByRole('button', { name: 'Khởi động năm 2024' }).click();
    await page.getByRole('dialog', { name: 'Khởi động năm 2024' }).getByRole('button', { name: 'Khởi động' }).click();
    await page.getByText('Đã khởi động năm 2024 với 3 đơn vị.').waitFor();
    await page.getByRole('link', { name: 'Mở bảng theo dõi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bảng theo dõi năm 2024' }).waitFor();
    await page.locator('tr[data-unit="STC"]').waitFor();
    expect(setup.errors).toEqual([]);
    await setup.close();
  });

  it('shows Sở Nội vụ the status board with filters and links to each workflow; password change and sign-out', async () => {
    const board = await signedIn(browser, sys.baseUrl, 'sonoivu');
    const { page } = board;
    // 2024, started by the test before, is now the newest year; the year switch brings 2023 back.
    await page.getByLabel('Năm đánh giá').selectOption(String(YEAR));
    await page.getByRole('heading', { level: 1, name: `Bảng theo dõi năm ${YEAR}` }).waitFor();
    const snvRow = page.locator('tr[data-unit="SNV"]');
    await snvRow.getByText('Hội đồng xem xét, xếp hạng').waitFor();
    await snvRow.getByText(/LV1.*✓/).waitFor();
    const temporalLink = snvRow.getByRole('link', { name: /Quy trình của Đơn vị SNV trên Temporal/ });
    expect(await temporalLink.getAttribute('href')).toContain(encodeURIComponent(`par/${YEAR}/SNV`));
    await page.getByLabel('Giai đoạn', { exact: true }).selectOption('SELF_ASSESSMENT');
    await page.getByText('đang hiện 1/3 đơn vị').waitFor();
    expect(await page.locator('tbody tr[data-unit]').count()).toBe(1);
    await page.locator('tr[data-unit="STC"]').waitFor();
    await page.getByLabel('Giai đoạn', { exact: true }).selectOption('');
    await page.locator('tr[data-unit="STP"]').waitFor();

    // STP's appraisal deadline is extended, then STP is excluded for dishonest evidence.
    const stpRow = page.locator('tr[data-unit="STP"]');
    await stpRow.getByRole('button', { name: 'Gia hạn' }).click();
    const extend = page.getByRole('dialog', { name: 'Gia hạn cho Đơn vị STP' });
    await extend.getByLabel(/Hạn mới/).fill('2099-04-20');
    await extend.getByLabel('Lý do gia hạn').fill('Thành viên Hội đồng đi công tác');
    await extend.getByRole('button', { name: 'Gia hạn' }).click();
    await page.getByText('Đã gia hạn cho Đơn vị STP đến hết ngày 20/04/2099.').waitFor();
    await stpRow.getByText('20/04/2099').waitFor();
    await stpRow.getByRole('button', { name: 'Loại khỏi xếp hạng' }).click();
    const exclude = page.getByRole('dialog', { name: 'Không đánh giá, xếp hạng Đơn vị STP' });
    await exclude.getByLabel(/Lý do/).fill('Tài liệu kiểm chứng của tiêu chí 1.1.1 không đúng sự thật');
    await exclude.getByRole('button', { name: 'Loại khỏi xếp hạng' }).click();
    await exclude.getByText('Cần xác nhận trước khi loại đơn vị.').waitFor();
    await exclude.getByLabel(/Tôi xác nhận/).check();
    await exclude.getByRole('button', { name: 'Loại khỏi xếp hạng' }).click();
    await page.getByText('Đã loại Đơn vị STP khỏi đánh giá, xếp hạng.').waitFor();
    await eventually(async () => ((await phaseOf('STP')) === 'EXCLUDED' ? true : undefined), 'STP excluded');
    await page.getByRole('button', { name: 'Tải lại' }).click();
    await stpRow.getByText('Bị loại').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'status-board.png'), fullPage: true });

    // The same user changes their password, signs out, and is refused the old one.
    await page.locator('.user-menu summary').click();
    await page.getByRole('link', { name: 'Đổi mật khẩu' }).click();
    await page.getByLabel('Mật khẩu hiện tại').fill(TEST_PASSWORD);
    await page.getByLabel(/^Mật khẩu mới/).fill(NEW_PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu mới').fill('Cchc-Tuyen-Quang-2024?');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByText('Hai lần nhập mật khẩu mới không khớp.').waitFor();
    await page.getByLabel('Nhập lại mật khẩu mới').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByText('Đã đổi mật khẩu. Lần đăng nhập sau hãy dùng mật khẩu mới.').waitFor();
    await page.locator('.user-menu summary').click();
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('dialog', { name: 'Đăng xuất' }).getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
    await page.getByLabel('Tên đăng nhập').fill('sonoivu');
    await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Tên đăng nhập hoặc mật khẩu không đúng.').waitFor();
    // Changing the password ended this user's other sessions, the test's own among them.
    secretariat = await sys.http.login('sonoivu', NEW_PASSWORD);
    expect(board.errors).toEqual([]);
    await board.close();
  });

  it('fits a phone screen, and keeps unsaved scores through a new sign-in when the session ends', async () => {
    const phone = await signedIn(browser, sys.baseUrl, 'stc.canbo', { width: 390, height: 844 });
    const { page } = phone;
    await page.goto(`${sys.baseUrl}/#/nam/${YEAR}/don-vi/STC`);
    await page.getByRole('heading', { level: 1, name: `Hồ sơ tự đánh giá năm ${YEAR}` }).waitFor();
    await page.getByLabel('Chọn lĩnh vực').selectOption('2');
    await leaf(page, '2.1.1').waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-sheet.png'), fullPage: false });

    // The session ends while a score is unsaved: signing in again in place keeps it, and it saves.
    await leaf(page, '2.1.1').getByLabel('Tỷ lệ hồ sơ đúng hạn').fill('75');
    // The session is in a cookie the page's scripts cannot read; local storage keeps no token.
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: '__Host-cchc-session', httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate('document.cookie')).toBe('');
    const session = JSON.parse(String(await page.evaluate("localStorage.getItem('chi-so-cchc.session')")));
    expect(Object.keys(session).sort()).toEqual(['csrfToken', 'expiresAt', 'user']);
    const signOut = await sys.http.request('POST', '/api/v1/auth/logout', { headers: { cookie: `${cookie!.name}=${cookie!.value}`, 'x-csrf-token': session.csrfToken } });
    expect(signOut.status).toBe(204);
    await leaf(page, '2.1.1').getByRole('button', { name: 'Lưu tiêu chí này' }).click();
    const relogin = page.getByRole('dialog', { name: 'Đăng nhập lại để lưu tiếp' });
    await relogin.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
    await relogin.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Đã đăng nhập lại; hãy bấm lưu để lưu các thay đổi.').waitFor();
    expect(await leaf(page, '2.1.1').getByLabel('Tỷ lệ hồ sơ đúng hạn').inputValue()).toBe('75');
    await leaf(page, '2.1.1').getByRole('button', { name: 'Lưu tiêu chí này' }).click();
    await leaf(page, '2.1.1').getByText(/Đã lưu lúc/).waitFor();
    const stc = await sys.http.login('stc.canbo');
    const saved = (await sys.http.request('GET', `/api/v1/years/${YEAR}/units/STC/assessment`, { token: stc })).body.leaves.find((l: { leafCode: string }) => l.leafCode === '2.1.1');
    expect(saved).toMatchObject({ selfScore: 1.5, entry: { ratio: 75 } });
    expect(phone.errors).toEqual([]);
    await phone.close();
  });
  it('lets the chair approve once every unit is through, and shows the published ranking to the public', async () => {
    // STC is submitted and appraised over HTTP, so every unit of the year is ranked or excluded.
    const stcHead = await sys.http.login('stc.thutruong');
    expect((await sys.http.request('POST', `/api/v1/years/${YEAR}/units/STC/submit`, { token: stcHead })).status).toBe(200);
    await eventually(async () => ((await phaseOf('STC')) === 'APPRAISAL' ? true : undefined), 'STC in appraisal');
    const member = await sys.http.login('hoidong');
    for (const code of ['1.1.1', '1.1.2', '2.1.1']) {
      expect((await sys.http.request('POST', `/api/v1/years/${YEAR}/units/STC/appraisal/leaves/${code}`, { token: member, body: { action: 'accept' } })).status).toBe(200);
    }
    for (const field of ['1', '2']) {
      expect((await sys.http.request('POST', `/api/v1/years/${YEAR}/units/STC/appraisal/fields/${field}/done`, { token: member, body: {} })).status).toBe(200);
    }
    await eventually(async () => ((await phaseOf('STC')) === 'RANKING' ? true : undefined), 'STC waiting for the council');

    const chair = await signedIn(browser, sys.baseUrl, 'chutich');
    const { page } = chair;
    await page.goto(`${sys.baseUrl}/#/nam/${YEAR}/phe-duyet`);
    await page.getByText('Mọi đơn vị đã thẩm định xong; kết quả sẵn sàng để phê duyệt.').waitFor();
    await page.getByText('Kết quả tạm tính từ số liệu hiện có; chưa được Chủ tịch Hội đồng phê duyệt.').waitFor();
    await page.getByRole('button', { name: `Phê duyệt kết quả năm ${YEAR}` }).click();
    await page.getByRole('dialog', { name: `Phê duyệt kết quả Chỉ số CCHC năm ${YEAR}` }).getByRole('button', { name: 'Phê duyệt và công bố' }).click();
    await page.getByText(`Đã phê duyệt kết quả năm ${YEAR}.`).waitFor();
    await eventually(async () => ((await phaseOf('SNV')) === 'PUBLISHED' ? true : undefined), 'results published');
    await chair.close();

    // Anyone, signed in or not, reads the published ranking; the excluded unit is listed apart.
    const context = await newContext(browser);
    const visitor = await context.newPage();
    await visitor.goto(`${sys.baseUrl}/#/cong-khai`);
    await visitor.getByRole('heading', { level: 1, name: `Kết quả Chỉ số cải cách hành chính năm ${YEAR}` }).waitFor();
    const ranking = visitor.getByRole('table', { name: 'Xếp hạng Các sở, ban, ngành' });
    await ranking.getByRole('row', { name: /Đơn vị SNV/ }).waitFor();
    // SNV: 0 + 0 (adjusted) + 3 (explanation upheld) of 8 = 37,50%; STC: nothing scored = 0,00%.
    expect(await ranking.getByRole('row', { name: /Đơn vị SNV/ }).innerText()).toMatch(/1\s+Đơn vị SNV\s+3,00\s+8,00\s+37,50%/);
    await visitor.getByText(/Đơn vị STP — Tài liệu kiểm chứng của tiêu chí 1\.1\.1 không đúng sự thật/).waitFor();
    await visitor.screenshot({ path: path.join(SCREENSHOTS, 'public-ranking.png'), fullPage: true });
    await context.close();
  });
});

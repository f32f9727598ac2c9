import { expect, test } from '@playwright/test';
import { SettingsPage, signInToBoard } from './pages';

// Works on the customer-success pipeline, which the other tests leave alone.
const CS = 'カスタマーサクセス';

test('the manager adds a stage, sets it up, reorders it by keyboard and removes it', async ({ page }) => {
  await signInToBoard(page, 'manager@example.com');
  await page.getByRole('navigation', { name: 'メイン' }).getByRole('link', { name: '設定' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '設定' })).toBeVisible();
  const s = new SettingsPage(page);
  const cs = s.pipeline(CS);
  await expect(cs).toBeVisible();
  const add = cs.getByRole('form', { name: 'ステージを追加' });
  // A bad probability is explained, the field marked, and nothing is added.
  await add.getByLabel('新しいステージ名').fill('活用支援');
  await add.getByLabel('確度（%）').fill('150');
  await add.getByRole('button', { name: 'ステージを追加' }).click();
  await expect(cs.getByRole('alert')).toContainText('0〜100');
  await expect(add.getByLabel('確度（%）')).toHaveAttribute('aria-invalid', 'true');
  await expect(add.getByLabel('確度（%）')).toBeFocused();
  await add.getByLabel('確度（%）').fill('85');
  await add.getByLabel('担当する役割').selectOption({ label: 'カスタマーサクセス' });
  await add.getByLabel('停滞日数').fill('21');
  await add.getByRole('button', { name: 'ステージを追加' }).click();
  await expect(cs.getByRole('status')).toContainText('ステージを追加しました');
  const names = await s.stageNames(CS);
  expect(names[names.length - 1]).toBe('活用支援');
  await expect(s.stageControl(CS, '確度（%）', '活用支援')).toHaveValue('85');
  await expect(s.stageRow(CS, '活用支援')).toContainText('0件');

  // A stall limit out of range is refused before sending; a good one is saved.
  await s.stageControl(CS, '停滞日数', '活用支援').fill('0');
  await s.stageButton(CS, '保存', '活用支援').click();
  await expect(cs.getByRole('alert')).toContainText('1〜3650');
  await s.stageControl(CS, '停滞日数', '活用支援').fill('30');
  await s.stageButton(CS, '保存', '活用支援').click();
  await expect(cs.getByRole('status')).toContainText('「活用支援」を保存しました');

  // Move it up twice from the keyboard: focus stays on the button.
  const count = names.length;
  await s.stageButton(CS, '上へ', '活用支援').focus();
  await page.keyboard.press('Enter');
  await expect(cs.getByRole('status')).toContainText(`「活用支援」を ${count - 1} / ${count} 番目に移動しました`);
  await expect(s.stageButton(CS, '上へ', '活用支援')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(cs.getByRole('status')).toContainText(`${count - 2} / ${count} 番目`);
  expect((await s.stageNames(CS))[count - 3]).toBe('活用支援');
  const pipelines = await (await page.request.get('/api/v1/pipelines')).json();
  const stage = pipelines[1].stages.find((st: any) => st.name === '活用支援');
  expect(stage.stall_days).toBe(30);
  expect(stage.probability).toBe(85);
  expect(stage.owning_role).toBe('success');
  expect(stage.position).toBe(count - 3);

  // Remove it (it has no deals), after confirming.
  page.once('dialog', (d) => {
    expect(d.message()).toContain('活用支援');
    void d.accept();
  });
  await s.stageButton(CS, '削除', '活用支援').click();
  await expect(cs.getByRole('status')).toContainText('ステージを削除しました');
  await expect(s.stageControl(CS, 'ステージ名', '活用支援')).toHaveCount(0);
});

test('a stage with deals is not removed, and the page says how many and where to move them', async ({ page }) => {
  await signInToBoard(page, 'manager@example.com');
  const pipelines = await (await page.request.get('/api/v1/pipelines')).json();
  const board = await (await page.request.get(`/api/v1/pipelines/${pipelines[1].id}/board?limit=1`)).json();
  const active = board.columns.find((c: any) => c.stage.name === '定着');
  expect(active.count).toBeGreaterThan(0);
  await page.goto('/settings/pipelines');
  const s = new SettingsPage(page);
  const cs = s.pipeline(CS);
  await expect(s.stageRow(CS, '定着')).toContainText(`${active.count}件`);
  page.once('dialog', (d) => void d.accept());
  await s.stageButton(CS, '削除', '定着').click();
  const alert = cs.getByRole('alert');
  await expect(alert).toContainText(`「定着」にはまだ案件が ${active.count} 件あります`);
  await expect(alert).toContainText('先に案件を別のステージへ移動');
  await expect(alert.getByRole('link', { name: 'ボードで案件を移動する' })).toHaveAttribute('href', `/board?pipeline=${pipelines[1].id}`);
  await expect(s.stageControl(CS, 'ステージ名', '定着')).toHaveValue('定着');
  // Cancelling the confirmation sends nothing.
  page.once('dialog', (d) => void d.dismiss());
  await s.stageButton(CS, '削除', '定着').click();
  await expect(s.stageControl(CS, 'ステージ名', '定着')).toHaveValue('定着');
});

test('settings are for managers: a closer has no link and the page says so', async ({ page }) => {
  await signInToBoard(page, 'closer1@example.com');
  await expect(page.getByRole('navigation', { name: 'メイン' }).getByRole('link', { name: '設定' })).toHaveCount(0);
  await page.goto('/settings/pipelines');
  await expect(page.getByRole('alert')).toContainText('マネージャーのみ');
  await expect(page.getByRole('textbox')).toHaveCount(0);
  // The server refuses too.
  const r = await page.request.patch('/api/v1/pipelines/1', { data: { name: '乗っ取り' } });
  expect(r.status()).toBe(403);
});

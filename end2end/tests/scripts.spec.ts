import { expect, test, type Page } from '@playwright/test';
import { signInAs } from './pages';
import { ScriptEditorPage, ScriptListPage, apiAs, publishedScript, soundGraph } from './scripts.pages';

// The talk-script editor: building a script with a shared objection step, the problems that
// block publishing, two published versions and their diff, a draft kept through a reload, two
// editors on one draft, and an appointer reading the published version. Every test creates its
// own scripts (the demo script is left alone: other tests run calls on it).

const unique = (what: string) => `${what} ${Date.now()}-${Math.floor(Math.random() * 1000)}`;

/** A script with `soundGraph()` as its draft, made by the signed-in page's member. */
async function draftScript(page: Page, name: string) {
  const pipelines = await (await page.request.get('/api/v1/pipelines')).json();
  const sales = pipelines.find((p: any) => p.kind === 'sales');
  const r = await page.request.post('/api/v1/scripts', {
    data: { name, pipeline_id: sales.id, purpose: 'follow_up', graph: soundGraph() },
  });
  expect(r.status()).toBe(201);
  return (await r.json()).id as number;
}

test('a manager builds a script with a shared objection step, fixes what blocks publishing, publishes two versions and reads the diff', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signInAs(page, 'manager@example.com');
  const list = new ScriptListPage(page);
  await list.navLink().click();
  await expect(list.heading()).toBeVisible();

  // The form says what is missing, beside each field.
  await list.create().click();
  await expect(list.name()).toHaveAttribute('aria-invalid', 'true');
  await expect(list.name()).toHaveAccessibleDescription('名前を入力してください。');
  await expect(list.pipeline()).toHaveAccessibleDescription('パイプラインを選んでください。');
  const name = unique('新規架電スクリプト');
  await list.name().fill(name);
  await list.pipeline().selectOption({ label: '新規開拓' });
  await list.purpose().selectOption({ label: '新規架電' });
  await list.create().click();
  await expect(page).toHaveURL(/\/scripts\/\d+$/);
  const ed = new ScriptEditorPage(page);
  await expect(ed.heading(name)).toBeVisible();
  await expect(ed.publish()).toBeDisabled();
  await expect(ed.problems()).toContainText('最初のステップを選んでください。');

  // Three steps: the opening (the first step), the pitch, and a shared objection step.
  await ed.addStep().click();
  await expect(ed.key(ed.step('step1'))).toBeFocused();
  await ed.rename(ed.step('step1'), 'open');
  const open = ed.step('open');
  await expect(ed.start()).toHaveValue('open');
  await ed.text(open).fill('お世話になっております。');
  await ed.text(open).press('Home');
  await open.getByRole('button', { name: '変数「担当者名」を挿入' }).click();
  await expect(ed.text(open)).toBeFocused();
  await page.keyboard.type('様、');
  await expect(ed.text(open)).toHaveValue('{contact.name}様、お世話になっております。');
  await ed.addStep().click();
  await ed.rename(ed.step('step2'), 'pitch');
  await ed.addSharedStep().click();
  await ed.rename(ed.step('step3'), 'busy');
  const pitch = ed.step('pitch');
  const busy = ed.step('busy');
  await expect(busy.getByRole('checkbox', { name: /共通の切り返しステップ/ })).toBeChecked();

  // What blocks publishing: listed in words, shown beside the field, and on the map.
  await expect(ed.problems()).toContainText('ステップ「open」：お客様の回答を追加してください。');
  await expect(ed.problems()).toContainText('ステップ「pitch」：どの通話もこのステップにたどり着けません。');
  await expect(ed.publish()).toBeDisabled();
  await expect(page.locator('#publish-why')).toContainText('あるため公開できません');
  await expect(ed.text(pitch)).toHaveAttribute('aria-invalid', 'true');
  await expect(ed.text(pitch)).toHaveAccessibleDescription('話す内容を入力してください。');
  await expect(ed.lane('到達できないステップ').getByRole('button', { name: /^pitch · / })).toBeVisible();
  await expect(ed.lane('共通の切り返し（どこからでも）').getByRole('button', { name: /^busy/ })).toBeVisible();
  await ed.problems().getByRole('button', { name: 'ステップ「pitch」：話す内容を入力してください。' }).click();
  await expect(ed.text(pitch)).toBeFocused();
  // A node of the map takes the member to its step, by mouse or keyboard.
  await ed.node('busy').click();
  await expect(ed.stepHeading('busy')).toBeFocused();
  await ed.node('open').focus();
  await page.keyboard.press('Enter');
  await expect(ed.stepHeading('open')).toBeFocused();

  // Fixing them.
  await ed.answer(open, 1, 'はい', 'pitch');
  await ed.answer(open, 2, '忙しい', 'busy');
  await ed.text(pitch).fill('ご提案です。');
  await ed.answer(pitch, 1, '会いましょう', 'アポ獲得');
  await ed.answer(pitch, 2, '不要', '興味なし');
  await ed.answerReason(pitch, 2).fill('予算がない');
  await ed.text(busy).fill('改めてお電話します。');
  await ed.answer(busy, 1, '後で', '再架電');
  await expect(ed.problems()).toContainText('問題はありません。公開できます。');
  await expect(ed.lane('本線（開始から）').getByRole('button', { name: /^pitch · 開始から1つ目/ })).toBeVisible();
  await expect(ed.lane('到達できないステップ')).toHaveCount(0);
  await expect(ed.map().getByText('→ アポ獲得')).toBeVisible();

  // Reordering by keyboard: an answer up and back, a step up and back.
  await pitch.getByRole('button', { name: '回答2：上へ' }).focus();
  await page.keyboard.press('Enter');
  await expect(ed.answerLabel(pitch, 1)).toHaveValue('不要');
  await expect(pitch.getByRole('button', { name: '回答1：下へ' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ed.answerLabel(pitch, 1)).toHaveValue('会いましょう');
  await busy.getByRole('button', { name: 'ステップ「busy」を上へ' }).click();
  await expect(page.locator('.step-card__title')).toHaveText(['ステップ「open」', 'ステップ「busy」', 'ステップ「pitch」']);
  await page.keyboard.press('Tab');
  await expect(busy.getByRole('button', { name: 'ステップ「busy」を下へ' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('.step-card__title')).toHaveText(['ステップ「open」', 'ステップ「pitch」', 'ステップ「busy」']);

  await ed.saved();
  await expect(ed.publish()).toBeEnabled();
  await page.screenshot({ path: '/tmp/scripts-editor.png', fullPage: true });
  await ed.publish().click();
  await expect(page.getByRole('status').filter({ hasText: 'バージョン1を公開しました。' })).toBeVisible();
  await expect(ed.versions().getByRole('link', { name: 'バージョン1' })).toBeVisible();
  await expect(ed.publish()).toBeDisabled();
  await expect(page.locator('#publish-why')).toHaveText('下書きはバージョン1と同じです。変更してから公開してください。');

  // Version 2: a new pitch and one more answer.
  await ed.text(pitch).fill('新しいご提案です。');
  await ed.answer(pitch, 3, '資料だけ送って', 'busy');
  await ed.saved();
  await ed.publish().click();
  await expect(page.getByRole('status').filter({ hasText: 'バージョン2を公開しました。' })).toBeVisible();
  await ed.versions().getByRole('link', { name: 'バージョン2' }).click();
  await expect(page).toHaveURL(/\/versions\/2$/);
  await expect(page.getByRole('heading', { level: 1, name: `${name} — バージョン2` })).toBeVisible();
  const diff = page.getByRole('region', { name: 'バージョン1からの変更' });
  await expect(diff).toContainText('ステップ「pitch」を変更');
  await expect(diff).toContainText('話す内容：「ご提案です。」 → 「新しいご提案です。」');
  await expect(diff).toContainText('回答を追加：「資料だけ送って」 → ステップ「busy」');
  await expect(diff.getByRole('listitem').filter({ hasText: 'ステップ「open」' })).toHaveCount(0);
  // The version itself, read-only.
  await expect(page.getByRole('region', { name: 'フロー' }).getByRole('button', { name: /^pitch/ })).toBeVisible();
  await expect(page.getByRole('textbox')).toHaveCount(0);
  await expect(page.locator('.script-steps').getByText('新しいご提案です。', { exact: true })).toBeVisible();
  await page.screenshot({ path: '/tmp/scripts-version.png', fullPage: true });
  await page.goBack();
  await ed.versions().getByRole('link', { name: 'バージョン1' }).click();
  await expect(page.getByText('最初のバージョンです。')).toBeVisible();
});

test('a draft survives a reload mid-edit: what the server did not get is offered back', async ({ page }) => {
  await signInAs(page, 'manager@example.com');
  const id = await draftScript(page, unique('復元テスト'));
  await page.goto(`/scripts/${id}`);
  const ed = new ScriptEditorPage(page);
  await expect(ed.text(ed.step('pitch'))).toHaveValue('ご提案です。');

  // The server cannot be reached: the edit stays in this browser.
  await page.route('**/api/v1/scripts/*/draft', (route) => route.abort());
  await ed.text(ed.step('pitch')).fill('途中まで書いた提案');
  await expect(ed.saveStatus()).toContainText('保存できませんでした');
  await page.unroute('**/api/v1/scripts/*/draft');
  await page.reload();

  await expect(ed.restoreOffer()).toBeVisible();
  await expect(ed.text(ed.step('pitch'))).toHaveValue('ご提案です。');
  await ed.restoreOffer().getByRole('button', { name: '復元する' }).click();
  await expect(ed.text(ed.step('pitch'))).toHaveValue('途中まで書いた提案');
  await ed.saved();
  await page.reload();
  await expect(ed.text(ed.step('pitch'))).toHaveValue('途中まで書いた提案');
  await expect(ed.restoreOffer()).toHaveCount(0);
  const s = await (await page.request.get(`/api/v1/scripts/${id}`)).json();
  expect(s.draft.steps[1].text).toBe('途中まで書いた提案');
});

test('two editors on one draft: the later save is refused and its editor chooses which draft stays', async ({ page, browser }) => {
  await signInAs(page, 'manager@example.com');
  const id = await draftScript(page, unique('競合テスト'));
  await page.goto(`/scripts/${id}`);
  const other = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const p2 = await other.newPage();
  // The manager again, in a second browser (the sales admin is kept in English by the
  // language test, so its pages would not read as these expect).
  await signInAs(p2, 'manager@example.com');
  await p2.goto(`/scripts/${id}`);
  const ed1 = new ScriptEditorPage(page);
  const ed2 = new ScriptEditorPage(p2);
  await expect(ed1.text(ed1.step('pitch'))).toBeVisible();
  await expect(ed2.text(ed2.step('pitch'))).toBeVisible();

  // The first saves; the second, still on the old draft, is refused and told so.
  await ed1.text(ed1.step('pitch')).fill('田中の提案');
  await ed1.saved();
  await ed2.text(ed2.step('busy')).fill('小林の切り返し');
  await expect(ed2.conflict()).toBeVisible();
  await expect(ed2.conflict()).toContainText('ほかのマネージャーが');
  await expect(ed2.conflict()).toContainText('ステップ「busy」を変更');
  await expect(ed2.saveStatus()).toHaveText('保存されていません（競合）');
  await expect(ed2.publish()).toBeDisabled();
  let s = await (await page.request.get(`/api/v1/scripts/${id}`)).json();
  expect(s.draft.steps[1].text).toBe('田中の提案');
  expect(s.draft.steps[2].text).toBe('改めてお電話します。');
  await p2.screenshot({ path: '/tmp/scripts-conflict.png' });

  // It loads the other draft, dropping its own edit.
  await ed2.conflict().getByRole('button', { name: '相手の下書きを読み込む（自分の変更は破棄）' }).click();
  await expect(ed2.conflict()).toHaveCount(0);
  await expect(ed2.text(ed2.step('pitch'))).toHaveValue('田中の提案');
  await expect(ed2.text(ed2.step('busy'))).toHaveValue('改めてお電話します。');
  await ed2.saved();

  // Round two: now the first is behind, and keeps its own draft on top of the other.
  await ed2.text(ed2.step('busy')).fill('小林の切り返し');
  await ed2.saved();
  await ed1.text(ed1.step('open')).fill('田中のオープニング');
  await expect(ed1.conflict()).toBeVisible();
  await ed1.conflict().getByRole('button', { name: '自分の下書きを残す（相手の変更に上書き保存）' }).click();
  await ed1.saved();
  s = await (await page.request.get(`/api/v1/scripts/${id}`)).json();
  expect(s.draft.steps[0].text).toBe('田中のオープニング');
  expect(s.draft.steps[2].text).toBe('改めてお電話します。');
  await other.close();
});

test('an appointer reads the published version, without the draft or any control to edit it', async ({ page, playwright }) => {
  const api = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  await apiAs(api, 'manager@example.com');
  const name = unique('公開済みスクリプト');
  const s = await publishedScript(api, name);
  // The draft moves on after publishing; appointers still get version 1.
  const saved = await api.put(`/api/v1/scripts/${s.id}/draft`, {
    data: { graph: soundGraph('下書きの提案'), version: s.draft_version },
  });
  expect(saved.status()).toBe(200);
  await api.dispose();

  await signInAs(page, 'appointer1@example.com');
  const list = new ScriptListPage(page);
  await list.navLink().click();
  await expect(list.heading()).toBeVisible();
  await expect(list.form()).toHaveCount(0);
  await expect(list.row(name)).toContainText('バージョン1');
  await list.row(name).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('公開中のバージョン1です（読み取り専用）。')).toBeVisible();
  await expect(page.locator('.script-steps').getByText('ご提案です。', { exact: true })).toBeVisible();
  await expect(page.getByText('下書きの提案')).toHaveCount(0);
  await expect(page.getByRole('textbox')).toHaveCount(0);
  await expect(page.getByRole('combobox')).toHaveCount(0);
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '公開する' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'ステップを追加' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /削除/ })).toHaveCount(0);
  // The map still leads to the steps.
  await page.getByRole('region', { name: 'フロー' }).getByRole('button', { name: /^pitch/ }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'ステップ「pitch」' })).toBeFocused();
  await page.screenshot({ path: '/tmp/scripts-appointer.png', fullPage: true });
  // And the server refuses an edit all the same.
  const refused = await page.request.put(`/api/v1/scripts/${s.id}/draft`, {
    data: { graph: soundGraph('アポインターの編集'), version: s.draft_version + 1 },
  });
  expect(refused.status()).toBe(403);
});

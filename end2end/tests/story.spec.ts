import { expect, test, type Browser } from '@playwright/test';
import { CallScreen, newLeads } from './calls.pages';
import { StatsPage, RATE } from './kb.pages';
import { signInAs } from './pages';
import { ScriptEditorPage, ScriptListPage } from './scripts.pages';

// Issue 4 end to end, as the team lives it: a manager writes a three-step talk script with an
// objection branch and publishes it; an appointer runs it on a new lead by keyboard alone and
// sets an appointment; the manager's numbers page for the script shows that call. The script
// is a reactivation script (掘り起こし), which no call queue offers, so other specs' calls are
// not affected.

const APPOINTER = 'appointer3@example.com';
const APPOINTER_NAME = '高橋 愛';

function unique(what: string) {
  return `${what} ${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

async function asMember(browser: Browser, email: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signInAs(page, email);
  return page;
}

test('a manager publishes a script, an appointer runs it by keyboard to an appointment, the numbers show the call', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);

  // The manager builds the script: an opening, a pitch, and a shared objection step.
  const manager = await asMember(browser, 'manager@example.com');
  const list = new ScriptListPage(manager);
  await list.navLink().click();
  await expect(list.heading()).toBeVisible();
  const name = unique('掘り起こしスクリプト');
  await list.name().fill(name);
  await list.pipeline().selectOption({ label: '新規開拓' });
  await list.purpose().selectOption({ label: '掘り起こし' });
  await list.create().click();
  const ed = new ScriptEditorPage(manager);
  await expect(ed.heading(name)).toBeVisible();
  await ed.addStep().click();
  await ed.rename(ed.step('step1'), 'open');
  await ed.addStep().click();
  await ed.rename(ed.step('step2'), 'pitch');
  await ed.addSharedStep().click();
  await ed.rename(ed.step('step3'), 'busy');
  const [open, pitch, busy] = [ed.step('open'), ed.step('pitch'), ed.step('busy')];
  await ed.text(open).fill('{contact.name}様、以前ご利用いただいていた件でお電話しました。');
  await ed.answer(open, 1, '話を聞く', 'pitch');
  await ed.answer(open, 2, '忙しい', 'busy');
  await ed.text(pitch).fill('新しいプランのご案内に、30分だけお時間をいただけますか？');
  await ed.answer(pitch, 1, '会ってもいい', 'アポ獲得');
  await ed.answer(pitch, 2, '不要', '興味なし');
  await ed.answerReason(pitch, 2).fill('予算がない');
  await ed.text(busy).fill('失礼しました。一言だけ、新しいプランが出ています。');
  await ed.answer(busy, 1, '少しなら', 'pitch');
  await ed.answer(busy, 2, '後で', '再架電');
  await expect(ed.problems()).toContainText('問題はありません。公開できます。');
  await ed.saved();
  await ed.publish().click();
  await expect(manager.getByRole('status').filter({ hasText: 'バージョン1を公開しました。' })).toBeVisible();
  const scriptId = Number(new URL(manager.url()).pathname.split('/').pop());

  // A new lead for the appointer; they open it and start the call with the new script.
  const title = unique('掘り起こし 架電');
  const [deal] = await newLeads(browser, baseURL!, APPOINTER_NAME, [title]);
  const appointer = await asMember(browser, APPOINTER);
  await appointer.goto(`/deals/${deal.id}`);
  const start = appointer.getByRole('button', { name: `架電を開始：${name}`, exact: true });
  await start.focus();
  await appointer.keyboard.press('Enter');
  await expect(appointer).toHaveURL(/\/calls\/\d+$/);
  const callId = Number(new URL(appointer.url()).pathname.split('/').pop());

  // By keyboard alone: the objection first, then on to the pitch and the appointment.
  const call = new CallScreen(appointer);
  await expect(call.stepText()).toContainText('様、以前ご利用いただいていた件でお電話しました。');
  await appointer.keyboard.press('2');
  await expect(call.step()).toHaveAccessibleName('切り返し：忙しい');
  await appointer.keyboard.press('1');
  await expect(call.stepText()).toHaveText('新しいプランのご案内に、30分だけお時間をいただけますか？');
  await expect(call.pathItems()).toHaveCount(2);
  await appointer.keyboard.press('1');
  await expect(call.finish()).toHaveAccessibleName('通話の終了：アポ獲得');
  await expect(call.meeting()).toBeFocused();
  await call.meeting().fill('2030-02-20T14:00');
  await call.closer().focus();
  await call.closer().selectOption({ label: '伊藤 大輔' });
  await call.finish().getByRole('button', { name: 'アポを登録して終了' }).press('Enter');
  await expect(call.summary()).toHaveAccessibleName('通話を記録しました：アポ獲得');
  const recorded = await (await appointer.request.get(`/api/v1/calls/${callId}`)).json();
  expect(recorded.outcome).toBe('appointment_set');
  expect(recorded.path.map((p: any) => p.step_key)).toEqual(['open', 'busy', 'pitch']);

  // The manager's numbers for the script: the one call, its appointment, every step it reached.
  await manager.reload();
  await manager.getByRole('link', { name: 'スクリプトの数値' }).click();
  const stats = new StatsPage(manager);
  await expect(stats.heading(name)).toBeVisible();
  await expect(stats.figure('アポ獲得')).toHaveText('100%（1/1）');
  await expect(stats.figure('アポ獲得')).toHaveText(RATE);
  await expect(stats.caveat()).toContainText('通話が30件未満です');
  // Each step reached once (marked as a small number).
  await expect(await stats.cell('open', '到達')).toHaveText(/^1\s*少数$/);
  await expect(await stats.cell('busy', '到達')).toHaveText(/^1\s*少数$/);
  await expect(await stats.cell('pitch', 'ここで終了')).toContainText('アポ獲得：1');
  await expect(await stats.cell('pitch', 'アポ獲得')).toHaveText('100%（1/1）');
});

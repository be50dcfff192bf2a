// Guided lessons (issue 10): each bundled lesson opens from the Lessons menu as a link, and
// every step does what its text says — the numbers it talks about are checked after training
// (the same claims are checked natively in tests/lessons.rs). A lesson built in the Share
// panel travels in one link to a fresh browser, with its highlighted, hidden and locked
// controls per step. The step shown is kept in the address (`&step=K`): a reload, a shared
// address or back/forward lands on it, and old links open at step 1. Locks and hides of a class
// link or a step are lifted by the next link, a step with fewer, and leaving the lesson.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { withApp, openApp, waitStatus, runLog, shot, metrics, ROOT } from './lib.mjs';
import { withTwo, openSharePanel, openClassOptions } from './share_lib.mjs';
import { goStep, openLesson, outline, trainToDone } from './teach_lib.mjs';
import { app } from './app.mjs';

const HIGHLIGHT = 'rgb(179, 18, 91)';

async function highlighted(page, testid) {
  const o = await outline(page, testid);
  return o.style === 'solid' && o.width >= 3 && o.color === HIGHLIGHT;
}

async function hiddenLayers(page) {
  return app(page).el('layers').locator('li').count();
}

test('lesson: how a neuron draws a line', async () => {
  await withApp(async ({ page, problems }) => {
    await openLesson(page, 'neuron_line');
    assert.match(await app(page).el('lesson-step-title').textContent(), /One neuron, two inputs/);
    assert.equal(await app(page).el('dataset-select').inputValue(), 'two_gaussians');
    assert.equal(await hiddenLayers(page), 0);
    assert.ok(await highlighted(page, 'train'), 'step 1 outlines ▶');
    assert.equal(await app(page).el('lesson-back').getAttribute('aria-disabled'), 'true');
    // The answer is folded until asked for.
    assert.ok(await app(page).el('lesson-answer').locator('p').isHidden());
    await app(page).el('lesson-answer').locator('summary').click();
    assert.match(await app(page).el('lesson-answer').locator('p').textContent(), /straight line/);
    const blobs = await trainToDone(page);
    assert.ok(blobs.test_accuracy >= 0.95, `a line separates the two clouds: ${blobs.test_accuracy}`);
    await shot(page, 'lesson-neuron-1');

    await goStep(page, 2);
    await waitStatus(page, 'paused');
    assert.equal(await app(page).el('dataset-select').inputValue(), 'xor');
    assert.ok(await app(page).el('lesson-answer').locator('p').isHidden(), 'a new step folds its answer');
    assert.ok(await highlighted(page, 'metric-chart'));
    assert.ok(!(await highlighted(page, 'boundary-chart')), 'the last step\'s outline is gone');
    const line = await trainToDone(page);
    assert.ok(line.test_accuracy < 0.6, `one line cannot solve xor: ${line.test_accuracy}`);

    await goStep(page, 3);
    await waitStatus(page, 'paused');
    assert.equal(await hiddenLayers(page), 1);
    assert.ok(await highlighted(page, 'add-layer'));
    const bent = await trainToDone(page);
    assert.ok(bent.test_accuracy > 0.9, `a hidden layer solves xor: ${bent.test_accuracy}`);
    await shot(page, 'lesson-neuron-3');

    // The last step keeps the trained network on screen; Next is disabled at the end.
    await goStep(page, 4);
    assert.match(await app(page).el('status').textContent(), /done/);
    assert.equal((await metrics(page)).test_accuracy, bent.test_accuracy);
    assert.equal(await app(page).el('lesson-next').getAttribute('aria-disabled'), 'true');
    await app(page).el('lesson-next').focus();
    await page.keyboard.press('Enter'); // still focusable at the end (aria-disabled), and inert
    assert.match(await app(page).el('lesson-progress').textContent(), /^Step 4 of 4/);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'lesson-next');
    // Back to step 3: the same experiment, so the trained run stays.
    await goStep(page, 3, 'lesson-back');
    assert.match(await app(page).el('status').textContent(), /done/);
    console.log(`neuron lesson: blobs ${blobs.test_accuracy}, xor without hidden layer ${line.test_accuracy}, with ${bent.test_accuracy}`);
    // The lesson and its step stay in the address: a reload opens it again at step 3.
    assert.match(page.url(), /#x=v1\.[^&]+&step=3$/);
    await page.reload();
    await app(page).el('lesson-progress').waitFor();
    assert.match(await app(page).el('lesson-progress').textContent(), /^Step 3 of 4/);
    await waitStatus(page, 'paused');
    assert.equal(await hiddenLayers(page), 1, 'step 3\'s experiment');
    await app(page).el('lesson-close').click();
    assert.doesNotMatch(page.url(), /step=/, 'leaving the lesson leaves the address without a step');
    assert.equal(await app(page).el('lesson').count(), 0);
    assert.deepEqual(problems, []);
  });
});

test('lesson: overfitting and regularisation', async () => {
  await withApp(async ({ page, problems }) => {
    await openLesson(page, 'overfitting');
    await trainToDone(page);
    const log = await runLog(page);
    const lowest = log.reduce((a, m) => (m.test_loss < a.test_loss ? m : a));
    const end = log[log.length - 1];
    assert.equal(log.length, 300);
    assert.ok(lowest.epoch < 30 && end.test_loss > 2 * lowest.test_loss,
      `the test loss is lowest early (epoch ${lowest.epoch}: ${lowest.test_loss}) and climbs (${end.test_loss})`);
    assert.ok(end.train_accuracy === 1 && end.train_loss < 0.1, `training fits every point: ${JSON.stringify(end)}`);
    await shot(page, 'lesson-overfitting-1');

    await goStep(page, 2);
    await waitStatus(page, 'paused');
    assert.equal(await app(page).el('l2').inputValue(), '0.03');
    assert.ok(await highlighted(page, 'l2'));
    const l2 = (await trainToDone(page)).test_loss;
    assert.ok(l2 < 0.5 * end.test_loss, `L2 halves the final test loss: ${l2} vs ${end.test_loss}`);

    await goStep(page, 3);
    await waitStatus(page, 'paused');
    assert.equal(await app(page).el('dropout').inputValue(), '0.3');
    const dropout = (await trainToDone(page)).test_loss;
    assert.ok(dropout < 0.6 * end.test_loss, `dropout lowers it too: ${dropout}`);

    await goStep(page, 4);
    await waitStatus(page, 'paused');
    await app(page).el('train').click();
    await waitStatus(page, 'done');
    const status = await app(page).el('status').textContent();
    const kept = Number(status.match(/keeping epoch (\d+)/)?.[1]);
    assert.ok(kept > 0 && kept < 20, `early stopping keeps an early epoch: ${status}`);
    assert.ok(Number(await app(page).el('epoch').textContent()) < 60);
    await shot(page, 'lesson-overfitting-4');
    console.log(`overfitting lesson: lowest test loss ${lowest.test_loss.toFixed(3)} at epoch ${lowest.epoch}, final ${end.test_loss.toFixed(3)}; L2 ${l2}; dropout ${dropout}; ${status}`);
    assert.deepEqual(problems, []);
  });
});

test('lesson: preparing a messy real table', async () => {
  await withApp(async ({ page, problems }) => {
    await openLesson(page, 'messy_table');
    await app(page).el('data-summary').waitFor();
    assert.match(await app(page).el('data-summary').textContent(), /300 rows × 9 columns/);
    assert.ok(await highlighted(page, 'data-view'));
    const summaries = await app(page).el('column-summaries').textContent();
    assert.match(summaries, /identifier/);
    assert.match(summaries, /constant/);

    await goStep(page, 2);
    assert.ok(await highlighted(page, 'feature-picker'));
    const picker = await app(page).el('feature-picker').textContent();
    assert.match(picker, /listing[\s\S]*identifier/);
    assert.match(picker, /currency[\s\S]*single value/);

    await goStep(page, 3);
    await app(page).el('numeric-missing').selectOption('drop_rows');
    await waitStatus(page, 'paused');
    assert.match(await app(page).el('data-notices').textContent(), /63 rows with missing feature values were dropped/);
    await app(page).el('numeric-missing').selectOption('mean');
    await waitStatus(page, 'paused');

    await goStep(page, 4);
    assert.match(await app(page).el('preparation-steps').textContent(), /district: one-hot over 4 categories/);

    await goStep(page, 5);
    await waitStatus(page, 'paused');
    assert.equal(await app(page).el('scaling').inputValue(), 'none');
    const raw = await trainToDone(page);
    assert.ok(raw.test_r2 < 0.3, `without scaling the model is poor: R² ${raw.test_r2}`);

    await goStep(page, 6);
    await waitStatus(page, 'paused');
    assert.equal(await app(page).el('scaling').inputValue(), 'standardize');
    const z = await trainToDone(page);
    assert.ok(z.test_r2 > 0.85, `standardised: R² ${z.test_r2}`);

    await goStep(page, 7);
    assert.ok(await highlighted(page, 'evaluation'));
    const evaluation = await app(page).el('evaluation').textContent();
    const rmse = evaluation.match(/RMSE(\d+\.\d{4})(\d+\.\d{4})/);
    assert.ok(rmse && Number(rmse[1]) < 0.5 * Number(rmse[2]), `the model's RMSE is far below the baseline's: ${rmse}`);
    await shot(page, 'lesson-messy-7');
    console.log(`messy table lesson: R² without scaling ${raw.test_r2}, standardised ${z.test_r2}; RMSE ${rmse?.[1]} vs baseline ${rmse?.[2]}`);
    assert.deepEqual(problems, []);
  });
});

test('a lesson built in the page travels in one link', async () => {
  await withTwo(async ({ a, b, url }) => {
    const page = a.page;
    await openApp(page, url);
    await openSharePanel(page);
    await app(page).el('lesson-builder').locator('> summary').click();
    await app(page).el('lesson-title-input').fill('XOR in two steps');
    // Step 1: xor without a hidden layer; ▶ highlighted, the dataset locked.
    await app(page).el('dataset-select').selectOption('xor');
    await waitStatus(page, 'paused');
    await app(page).el('remove-layer').click();
    await app(page).el('remove-layer').click();
    await waitStatus(page, 'paused');
    await app(page).el('step-title-input').fill('One neuron');
    await app(page).el('step-text-input').fill('Press ▶. <b>Stays near 50%.</b>');
    await app(page).el('step-question-input').fill('Why?');
    await app(page).el('step-answer-input').fill('One line cannot split xor.');
    await app(page).el('step-picker').locator('summary').click();
    await app(page).el('step-highlight-train').check();
    await app(page).el('step-lock-dataset-select').check();
    await app(page).el('lesson-add-step').click();
    assert.equal(await app(page).el('step-text-input').inputValue(), '', 'the form is cleared for the next step');
    // Step 2: one hidden layer; the optimizer hidden.
    await app(page).el('add-layer').click();
    await waitStatus(page, 'paused');
    await app(page).el('step-text-input').fill('Now with a hidden layer.');
    await app(page).el('step-hide-optimizer').check();
    await app(page).el('lesson-add-step').click();
    // A third step, then deleted; and an empty text is refused.
    await app(page).el('step-text-input').fill('To be deleted.');
    await app(page).el('lesson-add-step').click();
    await app(page).el('lesson-add-step').click();
    assert.match(await app(page).el('error').textContent(), /may not be empty/);
    assert.equal(await app(page).el('lesson-steps').locator('li').count(), 3);
    await app(page).el('lesson-delete-3').click();
    const listed = await app(page).el('lesson-steps').textContent();
    assert.match(listed, /One neuron — XOR \(classification\), no hidden layer, 500 epochs/);
    assert.match(listed, /Now with a hidden layer\. — XOR \(classification\), 1 hidden layer/);
    await app(page).el('lesson-make').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=share-link]').value.includes('#x=v1.'));
    const link = await app(page).el('share-link').inputValue();
    await shot(page, 'lesson-builder');

    const p = b.page;
    await p.goto(link);
    await app(p).el('lesson-progress').waitFor();
    await waitStatus(p, 'paused');
    assert.match(await app(p).el('lesson').textContent(), /Lesson: XOR in two steps/);
    assert.match(await app(p).el('lesson-text').textContent(), /Press ▶\. <b>Stays near 50%\.<\/b>/, 'markup shown as text');
    assert.equal(await p.locator('[data-testid=lesson-text] b').count(), 0);
    assert.equal(await app(p).el('dataset-select').inputValue(), 'xor');
    assert.equal(await app(p).el('layers').locator('li').count(), 0);
    assert.ok(await highlighted(p, 'train'));
    await p.waitForFunction(() => document.querySelector('[data-testid=dataset-select]').disabled);
    assert.ok(await app(p).el('optimizer').isVisible());
    await goStep(p, 2);
    await waitStatus(p, 'paused');
    assert.equal(await app(p).el('layers').locator('li').count(), 1);
    assert.ok(await app(p).el('optimizer').isHidden(), 'step 2 hides the optimizer');
    await p.waitForFunction(() => !document.querySelector('[data-testid=dataset-select]').disabled);
    assert.ok(!(await highlighted(p, 'train')));
    await goStep(p, 1, 'lesson-back');
    await waitStatus(p, 'paused');
    await p.waitForFunction(() => document.querySelector('[data-testid=dataset-select]').disabled);
    assert.ok(await app(p).el('optimizer').isVisible());
    await shot(p, 'lesson-built-opened');
    assert.deepEqual(a.problems, []);
    assert.deepEqual(b.problems, []);
  });
});

/** The golden link `name` of tests/golden/links.txt. */
function golden(name) {
  const lines = fs.readFileSync(path.join(ROOT, 'tests', 'golden', 'links.txt'), 'utf8').split('\n').map((l) => l.trim());
  return lines[lines.indexOf(`# name: ${name}`) + 1];
}

const progress = async (page) => (await app(page).el('lesson-progress').textContent()).match(/^Step (\d+) of (\d+)/).slice(1).map(Number);

test('the step shown is kept in the address: reload, share, back and forward land on it', async () => {
  await withTwo(async ({ a, b, url }) => {
    const page = a.page;
    await openApp(page, url);
    await openLesson(page, 'overfitting');
    assert.doesNotMatch(page.url(), /step=/, 'step 1: the link as it always was');
    await goStep(page, 2);
    await waitStatus(page, 'paused');
    assert.match(page.url(), /&step=2$/);
    await goStep(page, 3);
    await waitStatus(page, 'paused');
    const at3 = page.url();
    assert.match(at3, /#x=v1\.[A-Za-z0-9_-]+\.[0-9a-f]{8}&step=3$/);
    // Reload: the same step and its experiment.
    await page.reload();
    await app(page).el('lesson-progress').waitFor();
    await waitStatus(page, 'paused');
    assert.deepEqual(await progress(page), [3, 4]);
    assert.equal(await app(page).el('dropout').inputValue(), '0.3');
    assert.ok(await highlighted(page, 'dropout'), 'the step outlines what it talks about');
    // Shared mid-lesson: a fresh browser opens the same step.
    await b.page.goto(at3);
    await app(b.page).el('lesson-progress').waitFor();
    await waitStatus(b.page, 'paused');
    assert.deepEqual(await progress(b.page), [3, 4]);
    assert.equal(await app(b.page).el('dropout').inputValue(), '0.3');
    // Steps change the address in place, adding no history entries; step 1 drops the suffix.
    await goStep(page, 4);
    assert.match(page.url(), /&step=4$/);
    for (const k of [3, 2, 1]) await goStep(page, k, 'lesson-back');
    assert.doesNotMatch(page.url(), /step=/);
    const entries = await page.evaluate(() => history.length);
    await goStep(page, 2);
    assert.equal(await page.evaluate(() => history.length), entries, 'a step is not a history entry');
    // A step past the end opens the last one; a step that is not a number, the first.
    const bare = at3.replace(/&step=3$/, '');
    for (const [suffix, want] of [['&step=99', [4, 4]], ['&step=0', [1, 4]], ['&step=two', [1, 4]], ['&step=2', [2, 4]]]) {
      await b.page.goto('about:blank');
      await b.page.goto(bare + suffix);
      await app(b.page).el('lesson-progress').waitFor();
      assert.deepEqual(await progress(b.page), want, suffix);
    }
    // Goldens: the lesson link made before steps were kept opens at step 1; the one made at
    // step 2 opens at step 2, with that step's hidden optimizer.
    for (const [name, want] of [['lesson_steps', [1, 3]], ['lesson_steps_at_step_2', [2, 3]]]) {
      await b.page.goto('about:blank');
      await b.page.goto(`${url}#x=${golden(name)}`);
      await app(b.page).el('lesson-progress').waitFor();
      assert.deepEqual(await progress(b.page), want, name);
      assert.match(await app(b.page).el('lesson').textContent(), /Lesson: A line, then a bend/);
    }
    // Step 2 trains as it opens (autostart), with its hidden layer, the optimizer hidden.
    await waitStatus(b.page, 'done');
    assert.equal(await app(b.page).el('layers').locator('li').count(), 1, 'step 2\'s experiment: one hidden layer');
    assert.ok(await app(b.page).el('optimizer').isHidden(), 'the golden\'s step 2 hides the optimizer');
    assert.deepEqual(a.problems, []);
    assert.deepEqual(b.problems, []);
  });
});

/** Whether the control is locked (disabled) and whether it is shown. */
async function lockState(page, testid) {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return { disabled: Boolean(el?.disabled), shown: Boolean(el && el.getClientRects().length), title: el?.getAttribute('title') ?? null };
  }, testid);
}

/**
 * Waits until the control's lock state is `disabled` and its visibility `shown`, looked at on the
 * stage that holds the control: a control on another stage is shown with its tab and the page
 * then goes Back to the stage it was on (so the history holds the same entries as before).
 */
async function expectLock(page, testid, disabled, shown, why) {
  const stage = await page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.closest('[data-stage]')?.dataset.stage ?? null, testid);
  const was = await app(page).stage();
  const away = stage && stage !== was;
  if (away) await app(page).go(stage);
  try {
    await page.waitForFunction(([id, d, s]) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      return Boolean(el?.disabled) === d && Boolean(el && el.getClientRects().length) === s;
    }, [testid, disabled, shown], { timeout: 5000 });
  } catch {
    assert.fail(`${why}: ${testid} should be ${disabled ? 'locked' : 'unlocked'} and ${shown ? 'shown' : 'hidden'}: ${JSON.stringify(await lockState(page, testid))}`);
  }
  if (away) await app(page).back(was);
}

test('locks and hides are lifted by a new link, a step with fewer, and leaving the lesson', async () => {
  await withTwo(async ({ a, b, url }) => {
    // The teacher: a class link locking the learning rate and hiding the seed ...
    const page = a.page;
    await openApp(page, url);
    await openClassOptions(page);
    await app(page).el('control-picker').locator('summary').click();
    await app(page).el('lock-learning-rate').check();
    await app(page).el('hide-seed').check();
    await app(page).el('share-make').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=share-link]').value.includes('#x=v1.'));
    const classLink = await app(page).el('share-link').inputValue();
    // ... and a lesson: step 1 locks the dataset and hides the optimizer, step 2 neither.
    await app(page).el('lesson-builder').locator('> summary').click();
    await app(page).el('lesson-title-input').fill('Locks come and go');
    await app(page).el('step-text-input').fill('The dataset is locked here.');
    await app(page).el('step-picker').locator('summary').click();
    await app(page).el('step-lock-dataset-select').check();
    await app(page).el('step-hide-optimizer').check();
    await app(page).el('lesson-add-step').click();
    await app(page).el('step-text-input').fill('Nothing is locked here.');
    await app(page).el('lesson-add-step').click();
    await app(page).el('lesson-make').click();
    await page.waitForFunction((old) => document.querySelector('[data-testid=share-link]').value !== old, classLink);
    const lessonLink = await app(page).el('share-link').inputValue();

    // The student opens the class link: locked and hidden.
    const p = b.page;
    await p.goto(classLink);
    await app(p).el('train').waitFor();
    await waitStatus(p, 'paused');
    await expectLock(p, 'learning-rate', true, true, 'the class link');
    await expectLock(p, 'seed', false, false, 'the class link');
    assert.equal((await lockState(p, 'learning-rate')).title, 'Locked by the instructor');
    // The lesson's link opens in the same page: the class link's locks are lifted, the step's apply.
    await p.evaluate((hash) => { location.hash = hash; }, new URL(lessonLink).hash);
    await app(p).el('lesson-progress').waitFor();
    await waitStatus(p, 'paused');
    await expectLock(p, 'learning-rate', false, true, 'a new link without the lock');
    await expectLock(p, 'seed', false, true, 'a new link without the hide');
    assert.equal((await lockState(p, 'learning-rate')).title, null, 'the lock\'s tooltip goes too');
    await expectLock(p, 'dataset-select', true, true, 'step 1');
    await expectLock(p, 'optimizer', false, false, 'step 1');
    // The next step has neither.
    await goStep(p, 2);
    await expectLock(p, 'dataset-select', false, true, 'step 2');
    await expectLock(p, 'optimizer', false, true, 'step 2');
    await goStep(p, 1, 'lesson-back');
    await expectLock(p, 'dataset-select', true, true, 'back at step 1');
    // Leaving the lesson lifts the step's locks and hides.
    await app(p).el('lesson-close').click();
    await expectLock(p, 'dataset-select', false, true, 'the lesson left');
    await expectLock(p, 'optimizer', false, true, 'the lesson left');
    // The page's own disabling is left alone: +1 is usable, ■ still disabled before a run.
    assert.equal(await app(p).el('step').isEnabled(), true);
    assert.equal(await app(p).el('stop').isDisabled(), true);
    // Back in history to the class link: its locks return.
    await p.goBack();
    await expectLock(p, 'learning-rate', true, true, 'back to the class link');
    await expectLock(p, 'seed', false, false, 'back to the class link');
    await shot(p, 'lesson-locks-back');
    assert.deepEqual(a.problems, []);
    assert.deepEqual(b.problems, []);
  });
});

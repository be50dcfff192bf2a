// Scratch: screenshots of each stage (not a test).
import { withApp, waitEpoch } from './lib.mjs';
process.env.LANTERN_DIST ||= '/tmp/dist-b';
const w = Number(process.env.W || 1280);
await withApp(async ({ page, problems }) => {
  await page.setViewportSize({ width: w, height: 900 });
  await page.getByTestId('train').click();
  await waitEpoch(page, 30);
  await page.getByTestId('stop').click();
  await page.waitForTimeout(800);
  for (const s of ['train', 'data', 'evaluate', 'compare', 'deploy']) {
    if (w > 760) await page.getByTestId(`stage-${s}`).click(); else await page.getByTestId('stage-menu').selectOption(s);
    await page.waitForTimeout(400);
    const h = await page.evaluate(() => document.documentElement.scrollHeight);
    console.log(s, 'height', h, 'url', page.url().slice(-40));
    await page.screenshot({ path: `/tmp/shots/${s}-${w}.png`, fullPage: true });
  }
  console.log(problems);
});

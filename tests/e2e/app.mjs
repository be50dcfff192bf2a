// The page object for Lantern: every end-to-end flow reaches the page through it.
//
// The page shows one stage at a time (Data, Model & train, Evaluate, Compare, Deploy & monitor);
// the run bar (dataset, ▶ +1 +b ■ ↺, epoch, status) and the header (Share, Lessons, Present)
// are on every stage. `app(page).el(testid)` is a locator that, before anything a person can
// only do to what is on screen (click, type, pick, wait for it to show …), goes to the stage
// holding the element the way a person would: with the stage tab, or on a phone with the stage
// menu. The Share menu is a dropdown over the page: it is opened before acting on what is in
// it, and closed (with its button) before acting on anything else. Reading text, attributes or
// values never moves the page, so a flow can check what a hidden stage holds without changing
// what is shown; what only a shown stage has (pixels, sizes, scroll positions) is read after
// `app(page).show(testid)`. `go(stage)`, `stage()`, `next()` and `back(stage)` move between
// stages explicitly; `find(css)`, `text(…)` and `role(…)` are `el` for other locators.

/** The stages, in workflow order (`data-stage` and `stage-<name>` test ids). */
export const STAGES = ['data', 'train', 'evaluate', 'compare', 'deploy'];

/** Locator methods that need the element on screen: the stage is shown first. */
const ON_SCREEN = new Set([
  'click', 'dblclick', 'fill', 'check', 'uncheck', 'setChecked', 'selectOption', 'press', 'pressSequentially',
  'type', 'hover', 'tap', 'focus', 'scrollIntoViewIfNeeded', 'screenshot', 'boundingBox', 'selectText', 'dragTo',
  'setInputFiles', // a person picks a file with the button on screen
]);
/** Locator methods that return another locator: it is wrapped too. */
const CHAINED = new Set(['locator', 'first', 'last', 'nth', 'filter', 'getByText', 'getByRole', 'getByLabel', 'getByTestId', 'getByPlaceholder', 'getByTitle', 'and', 'or']);

/**
 * Test ids of the parts whose code is fetched the first time their stage shows, or (the tree
 * diagram) the first time what they show exists (`LazyPart`, src/web/components/common/lazy.rs):
 * they exist only once it has, as for a person, so the page object shows their stage before
 * anything, reading included.
 */
const LAZY = new Map(Object.entries({
  scatter: 'data', 'scatter-view': 'data', 'scatter-x': 'data', 'scatter-y': 'data',
  'distribution-chart': 'data', 'distribution-column': 'data', 'correlation-chart': 'data',
  'column-filter': 'data', 'column-summaries': 'data', 'show-more-columns': 'data', 'data-grid': 'data',
  'grid-column': 'data', 'grid-row': 'data',
  'confusion-chart': 'evaluate', 'roc-chart': 'evaluate', 'pr-chart': 'evaluate', 'threshold-readout': 'evaluate',
  'predicted-chart': 'evaluate', 'residuals-chart': 'evaluate', 'importance-chart': 'evaluate',
  'explain-section': 'evaluate', 'explain-feature': 'evaluate', 'dependence-chart': 'evaluate',
  'explain-cases': 'evaluate', 'explain-cases-title': 'evaluate',
  'tree-diagram': 'train', 'tree-chart': 'train', 'tree-node': 'train', 'tree-path': 'train', 'tree-root': 'train',
  'tree-up': 'train', 'tree-legend': 'train', 'tree-rules': 'train', 'tree-rows': 'train', 'tree-rows-caption': 'train',
}));

// What the Share menu holds: built from its chunk the first time the menu opens, so the menu
// is opened before such an element is looked for.
const SHARE = new Set(['share-fingerprint', 'share-note', 'share-autostart', 'share-make', 'share-link', 'share-copy',
  'share-copied', 'share-export', 'share-import', 'link-meter', 'link-size', 'control-picker', 'step-picker',
  'lesson-builder', 'lesson-add-step', 'lesson-make', 'lesson-steps', 'lesson-title-input', 'lesson-try',
  'step-autostart', 'step-keep-experiment', 'step-title-input']);
const SHARE_PREFIXES = /^(hide-|lock-|step-hide-|step-lock-|step-mark-|lesson-delete-)/;

/**
 * The stage of a lazily loaded part holding `testid` (its PNG and SVG buttons too), if any;
 * `'share'` for what the Share menu holds.
 */
function lazyStage(testid) {
  if (typeof testid !== 'string') return undefined;
  if (SHARE.has(testid) || SHARE_PREFIXES.test(testid)) return 'share';
  return LAZY.get(testid.replace(/-(png|svg)$/, ''));
}

const pages = new WeakMap();

/** The page object of `page` (one per page). */
export function app(page) {
  let a = pages.get(page);
  if (!a) {
    a = new App(page);
    pages.set(page, a);
  }
  return a;
}

export class App {
  constructor(page) {
    this.page = page;
  }

  /** The element with this `data-testid`, shown on its stage before it is acted on. */
  el(testid) {
    return this.wrap(this.page.getByTestId(testid), lazyStage(testid));
  }

  /** Any locator of the page (CSS, role, label …), with the same stage handling as `el`. */
  find(selector) {
    return this.wrap(this.page.locator(selector));
  }

  /** Elements by their text (`page.getByText`), with the same stage handling as `el`. */
  text(text, options) {
    return this.wrap(this.page.getByText(text, options));
  }

  /** Elements by their role and name (`page.getByRole`), with the same stage handling as `el`. */
  role(role, options) {
    return this.wrap(this.page.getByRole(role, options));
  }

  /** `locator`, revealing its stage before on-screen actions. */
  wrap(locator, stage) {
    const self = this;
    return new Proxy(locator, {
      get(target, prop) {
        const value = target[prop];
        if (typeof value !== 'function') return value;
        if (stage && !CHAINED.has(prop)) {
          // A lazily loaded part: its stage (or the Share menu) first, then as any other element.
          return async (...args) => {
            if (stage === 'share') await self.openShare();
            else if ((await self.stage()) !== stage) await self.go(stage);
            return self.wrap(target)[prop](...args);
          };
        }
        if (ON_SCREEN.has(prop)) {
          return async (...args) => {
            await self.reveal(target);
            return value.apply(target, args);
          };
        }
        if (prop === 'waitFor') {
          return async (options = {}) => {
            const state = options.state ?? 'visible';
            if (state === 'visible') {
              await target.first().waitFor({ ...options, state: 'attached' });
              await self.reveal(target);
            }
            return value.call(target, options);
          };
        }
        if (CHAINED.has(prop)) return (...args) => self.wrap(value.apply(target, args), stage);
        return value.bind(target);
      },
    });
  }

  /**
   * Brings the (first) element of `locator` on screen the way a person would: the Share menu
   * (a dropdown over the page) is opened for what is inside it and closed to reach anything
   * else; the stage holding the element is shown if it is hidden.
   */
  async reveal(locator) {
    const where = await locator.first().evaluate((e) => {
      const s = e.closest('[data-stage]');
      const share = document.querySelector('[data-testid=share-panel]');
      const inShare = Boolean(share && share.contains(e) && !e.matches('[data-testid=share-open]'));
      return { stage: s && s.hidden ? s.dataset.stage : null, inShare, shareOpen: Boolean(share?.open), opener: e.matches('[data-testid=share-open]') };
    });
    if (where.inShare !== where.shareOpen && !where.opener) await this.page.getByTestId('share-open').click();
    if (where.stage) await this.go(where.stage);
  }

  /** Opens the Share menu if it is closed. */
  async openShare() {
    const share = this.page.getByTestId('share-panel');
    if (!(await share.evaluate((d) => d.open))) await this.page.getByTestId('share-open').click();
  }

  /** Closes the Share menu if it is open (as a person does to reach what it covers). */
  async closeShare() {
    const share = this.page.getByTestId('share-panel');
    if ((await share.count()) && (await share.evaluate((d) => d.open))) await this.page.getByTestId('share-open').click();
  }

  /**
   * Shows the stage holding the element `testid` (or locator) and waits until its charts have
   * painted: for reading what only a shown stage has (pixels, sizes, scroll positions).
   */
  async show(target) {
    const lazy = lazyStage(target);
    if (lazy === 'share') await this.openShare();
    else if (lazy && (await this.stage()) !== lazy) await this.go(lazy);
    const locator = typeof target === 'string' ? this.page.getByTestId(target) : target;
    await locator.first().waitFor({ state: 'attached' });
    const stage = await locator.first().evaluate((e) => e.closest('[data-stage]')?.dataset.stage ?? null);
    if (stage) await this.go(stage);
  }

  /** The stage on screen. */
  async stage() {
    return this.page.evaluate(() => document.querySelector('[data-stage]:not([hidden])')?.dataset.stage ?? null);
  }

  /**
   * Opens a CSV file with the Data stage's file input (`file`: a path, or `{ name, mimeType,
   * buffer }`) and waits until the page trains on it: the worker has read it (the reading bar
   * came and went), the run on it has been set up ("setting up…", then "paused"), and the
   * Dataset menu names it. Refused files never get there: wait for the error instead.
   */
  async openFile(file, { timeout = 120_000 } = {}) {
    const name = typeof file === 'string' ? file.split('/').pop() : file.name;
    await this.page.evaluate(() => {
      const w = (window.__fileOpen = { bar: false, gone: false, setUp: false });
      const status = () => document.querySelector('[data-testid=status]')?.textContent ?? '';
      w.observer?.disconnect();
      w.observer = new MutationObserver(() => {
        const bar = !!document.querySelector('[data-testid=reading-bar]');
        if (bar) w.bar = true;
        if (w.bar && !bar) w.gone = true;
        if (w.gone && status().includes('setting up')) w.setUp = true;
      });
      w.observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await this.page.getByTestId('file-input').setInputFiles(file);
    await this.page.waitForFunction((name) => {
      const w = window.__fileOpen;
      const done = w.setUp && document.querySelector('[data-testid=dataset-select]')?.value === `file:${name}`
        && (document.querySelector('[data-testid=status]')?.textContent ?? '').includes('paused');
      if (done) w.observer.disconnect();
      return done;
    }, name, { timeout });
  }

  /**
   * Goes to `stage` as a person would (its tab; on a phone, the stage menu) and waits until it
   * is laid out and its charts have painted.
   */
  async go(stage) {
    if (!STAGES.includes(stage)) throw new Error(`no stage "${stage}"`);
    if ((await this.stage()) === stage) return;
    await this.closeShare();
    const tab = this.page.getByTestId(`stage-${stage}`);
    if (await tab.isVisible()) await tab.click();
    else await this.page.getByTestId('stage-menu').selectOption(stage);
    await this.page.locator(`[data-stage="${stage}"]:not([hidden])`).waitFor();
    await this.settle();
  }

  /** The browser's Back, which returns to the stage shown before; waits until `stage` shows. */
  async back(stage) {
    await this.page.goBack();
    await this.page.locator(`[data-stage="${stage}"]:not([hidden])`).waitFor();
    await this.settle();
  }

  /** Waits a few animation frames: charts paint in the frames after they are shown. */
  async settle(frames = 4) {
    await this.page.evaluate((n) => new Promise((done) => {
      const next = (k) => (k === 0 ? setTimeout(done, 20) : requestAnimationFrame(() => next(k - 1)));
      next(n);
    }), frames);
  }

  /** The `stage-next` button of the stage on screen ("Evaluate ›" …). */
  next() {
    return this.wrap(this.page.getByTestId('stage-next'));
  }
}

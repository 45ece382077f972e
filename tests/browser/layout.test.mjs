// Layout and accessibility of every page of one or more built sites, in headless Chromium.
// SITES: the built sites' folders, comma-separated (default: SITE, else ../../book).
//
// At 1280 px (a laptop) and 390 px (a phone) no page may make the reader scroll sideways: the
// document is no wider than the viewport and no element other than a code block (`pre`) scrolls
// horizontally. Names and types do not break mid-word, and the search dropdown fits a
// phone's screen. axe-core (injected from node_modules) finds no serious or critical violation
// on any page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const SITES = (process.env.SITES || process.env.SITE || '../../book').split(',').filter(Boolean).map((s) => path.resolve(s));
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WIDTHS = [1280, 390];
let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
});

/** Every HTML page of a site, except the permalink redirects under `<lang>/p/`. */
function pages(site) {
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'p' ? [] : walk(full);
    return e.name.endsWith('.html') ? [path.relative(site, full)] : [];
  });
  return walk(site).sort();
}

/**
 * Answers the site's absolute `site-url` from its folder, so the pages that link from there (the
 * 404 pages) get their styles from a `file://` visit too.
 */
async function serveSiteUrl(page, site) {
  const siteUrl = JSON.parse(fs.readFileSync(path.join(site, 'fields.json'), 'utf8')).site_url;
  if (!/^https?:/.test(siteUrl)) return;
  await page.route(siteUrl + '**', (route) => {
    const file = path.join(site, decodeURIComponent(new URL(route.request().url()).pathname.slice(new URL(siteUrl).pathname.length)));
    if (!file.startsWith(site) || !fs.existsSync(file)) return route.fulfill({ status: 404 });
    route.fulfill({ path: file });
  });
}

/** What overflows sideways on the page as it is laid out now (an empty list when nothing does). */
function overflows() {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) problems.push(`the document is ${doc.scrollWidth} px wide`);
  const describe = (el) => {
    const id = el.id ? '#' + el.id : '';
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    const owner = el.closest('[id]');
    return `<${el.tagName.toLowerCase()}${id}${cls}>${owner && owner !== el ? ` in #${owner.id}` : ''}`;
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('pre')) continue;
    const style = getComputedStyle(el);
    const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
    if (scrolls && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${describe(el)} scrolls sideways (${el.scrollWidth} px of content in ${el.clientWidth} px)`);
    }
  }
  // Names, types and values wrap only between their parts: after `.`, `_`, `|`, `,`, `[`, `-`, a
  // closing bracket (`%}{{` in a template default breaks between `}` and `{`, as the browser's
  // line breaking allows) or at a space (prose cells, the last of a row, are not checked).
  for (const code of document.querySelectorAll('td:not(:last-child) code, .field-name code, code.type')) {
    if (code.getClientRects().length < 2) continue;
    const text = code.textContent;
    const range = document.createRange();
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    let previous = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getBoundingClientRect();
        if (previous && rect.top > previous.top + 2 && !/[._|,\[\])}\s-]/.test(previous.char)) {
          problems.push(`\`${text}\` breaks mid-word after \`${previous.char}\` in ${describe(code.parentElement)}`);
        }
        previous = { top: rect.top, char: node.data[i] };
      }
    }
  }
  return problems;
}

for (const site of SITES) {
  test(`no sideways scrolling at ${WIDTHS.join(' and ')} px on any page of ${site}`, async () => {
    const list = pages(site);
    assert.ok(list.length >= 10, `expected every page, got ${list.length}`);
    const problems = [];
    for (const width of WIDTHS) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await serveSiteUrl(page, site);
      for (const p of list) {
        await page.goto('file://' + path.join(site, p));
        for (const problem of await page.evaluate(overflows)) problems.push(`${p} at ${width} px: ${problem}`);
      }
      await page.close();
    }
    assert.deepEqual(problems, []);
  });

  test(`axe-core: no serious or critical violation on any page of ${site}`, async () => {
    const list = pages(site);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await serveSiteUrl(page, site);
    const problems = [];
    for (const p of list) {
      await page.goto('file://' + path.join(site, p));
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      });
      for (const v of violations) problems.push(`${p}: ${v}`);
    }
    await page.close();
    assert.deepEqual(problems, []);
  });

  test(`the search dropdown fits a 390 px phone screen on ${site}`, async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto('file://' + path.join(site, 'en/index.html'));
    await page.locator('input[type="search"]').fill('a');
    await page.waitForFunction(() => {
      const list = document.querySelector('[role="listbox"]');
      return list && !list.hidden && (list.querySelector('a') || list.querySelector('.search-empty'));
    });
    const box = await page.evaluate(() => {
      const r = document.querySelector('[role="listbox"]').getBoundingClientRect();
      return { left: r.left, right: r.right, width: window.innerWidth };
    });
    await page.close();
    assert.ok(box.left >= 0 && box.right <= box.width, `the dropdown spans ${box.left}–${box.right} px of ${box.width}`);
  });
}

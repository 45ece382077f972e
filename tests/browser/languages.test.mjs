// A third language in headless Chromium: the minimal fixture in en, zh and ja (the book's own
// [ui.ja] from tests/fixtures/third-language/ui-ja.toml, one field translated), built by
// FIELDBOOK (default: the debug binary). Search on a Japanese page finds a Japanese query; the
// site root sends a Japanese reader to the Japanese pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const FIELDBOOK = process.env.FIELDBOOK || path.join(REPO, 'target/debug/fieldbook');
let browser;
let tmp;
let site;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldbook-ja-'));
  const book = path.join(tmp, 'book');
  fs.cpSync(path.join(REPO, 'tests/fixtures/minimal'), book, { recursive: true });
  const edit = (file, from, to) => {
    const text = fs.readFileSync(path.join(book, file), 'utf8');
    assert.ok(text.includes(from), `${file} lacks ${from}`);
    fs.writeFileSync(path.join(book, file), text.replace(from, to));
  };
  edit('book.toml', 'languages = ["en", "zh"]', 'languages = ["en", "zh", "ja"]');
  fs.appendFileSync(path.join(book, 'book.toml'),
    '\n' + fs.readFileSync(path.join(REPO, 'tests/fixtures/third-language/ui-ja.toml'), 'utf8'));
  edit('content/trainer/groups/01-basics.toml', 'summary.zh = "检查点目录。"',
    'summary.zh = "检查点目录。"\nsummary.ja = "チェックポイントの保存先フォルダ。"');
  site = path.join(tmp, 'site');
  execFileSync(FIELDBOOK, ['build', '-q', book, '-d', site]);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('a Japanese query (katakana inside a longer run) finds the field whose Japanese summary holds it, shown in Japanese', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('file://' + path.join(site, 'ja/trainer/schedule.html'));
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  await page.locator('input[type="search"]').fill('ポイント');
  await page.waitForFunction(() => document.querySelector('[role="listbox"] a'));
  const first = page.locator('[role="listbox"] a').first();
  assert.match(await first.getAttribute('href'), /basics\.html#output_dir$/);
  assert.match(await first.innerText(), /チェックポイントの保存先フォルダ。/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the site root sends a reader whose browser asks for ja-JP to the Japanese pages', async () => {
  const context = await browser.newContext({ locale: 'ja-JP' });
  const page = await context.newPage();
  await page.goto('file://' + path.join(site, 'index.html'));
  await page.waitForURL(/\/ja\/index\.html$/);
  await context.close();
});

// Takes screenshots of built pages: node screenshot.mjs SITE_DIR OUT_DIR page[#anchor]@WIDTHxHEIGHT ...
import { chromium } from 'playwright-core';
import path from 'node:path';

const [site, out, ...pages] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
for (const spec of pages) {
  const [page, size = '1300x1600'] = spec.split('@');
  const [width, height] = size.split('x').map(Number);
  const tab = await browser.newPage({ viewport: { width, height } });
  await tab.goto('file://' + path.resolve(site, page));
  await tab.waitForTimeout(300);
  const name = page.replace(/[\/#.]/g, '_') + `_${width}.png`;
  await tab.screenshot({ path: path.join(out, name) });
  console.log(path.join(out, name));
  await tab.close();
}
await browser.close();

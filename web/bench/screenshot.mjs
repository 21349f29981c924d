// The README's screenshot: the page after checking one file.
//
//   node web/bench/screenshot.mjs URL FILE OUT.png POST...

import { chromium } from "playwright-core";

const [url, file, out, ...posts] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.ESSAYLINT_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 820, height: 900 }, deviceScaleFactor: 1 });
await page.goto(url);
await page.waitForFunction(() => document.body.dataset.ready === "true");
for (const post of posts) await page.check(`input[name=post][value="${post}"]`);
await page.setInputFiles("input[type=file]", file);
await page.locator("article[data-verdict]").waitFor();
await page.screenshot({ path: out, fullPage: true });
await browser.close();

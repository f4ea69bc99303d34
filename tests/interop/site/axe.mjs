// axe-core in Debian's chromium (headless, through puppeteer-core) on the
// pages of a site `ug site` wrote: no WCAG 2.1 AA violation in the light
// and the dark colour scheme, no horizontal overflow at 320, 375 and
// 1280 px; screenshots at 375 and 1280 px go to SHOTS (never committed).
//
// node axe.mjs SITE SHOTS PAGE...   (PAGE: index.html, events/index.html, ...)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [site, shots, ...pages] = process.argv.slice(2);
const args = ["--headless=new", "--allow-file-access-from-files"];
if (process.getuid && process.getuid() === 0) args.push("--no-sandbox");
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args,
});
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const failures = [];
for (const page of pages) {
  const shot = page.replaceAll("/", "_").replace(/\.html$/, "");
  for (const scheme of ["light", "dark"]) {
    const tab = await browser.newPage();
    await tab.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    await tab.setViewport({ width: 1280, height: 900 });
    await tab.goto("file://" + path.resolve(site, page), { waitUntil: "load" });
    await tab.addScriptTag({ content: axeSource });
    const result = await tab.evaluate(
      (values) => globalThis.axe.run(document, { runOnly: { type: "tag", values } }),
      tags,
    );
    for (const v of result.violations) {
      const where = v.nodes.map((n) => n.target.join(" ")).join(", ");
      failures.push(`${page} (${scheme}): ${v.id}: ${v.help}: ${where}`);
    }
    for (const width of [320, 375, 1280]) {
      await tab.setViewport({ width, height: 800 });
      const [scroll, client] = await tab.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
      ]);
      if (scroll > client) {
        failures.push(`${page} (${scheme}) at ${width}px: scrolls sideways (${scroll} > ${client})`);
      }
      if (width !== 320) {
        await tab.screenshot({ path: path.join(shots, `${shot}-${scheme}-${width}.png`), fullPage: true });
      }
    }
    await tab.close();
  }
}
await browser.close();
if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log(`axe: no violations on ${pages.length} pages (light and dark), no overflow at 320, 375, 1280 px`);

// axe-core on built pages, as readers meet them: Debian's Chromium driven by puppeteer-core
// (no browser downloaded), every network request refused, at a given width and colour scheme.
//
//   node axe.mjs CHROMIUM JOBS.json > RESULTS.json
//
// JOBS.json: [{"url", "width", "scheme": "light"|"dark", "waitFor"?: CSS selector,
//              "screenshot"?: PNG path, "click"?: CSS selector clicked before the screenshot}]
// Each result: the job, the theme the page shows (data-theme), axe's violations, and for
// pages with a map, where each of its boxes lies against the map's frame.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = require.resolve("axe-core/axe.min.js");
const [chromium, jobsFile] = process.argv.slice(2);
const jobs = JSON.parse(readFileSync(jobsFile, "utf8"));

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
    "--disable-component-update", "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND"],
});

function mapGeometry() {
  return [...document.querySelectorAll(".conference-map-frame")].map((frame) => {
    const box = frame.getBoundingClientRect();
    const boxes = [...frame.querySelectorAll("g.node")].map((node) => {
      const r = node.getBoundingClientRect();
      return { left: r.left - box.left, right: r.right - box.left, width: r.width, height: r.height };
    });
    const fontSizes = [...frame.querySelectorAll("text")].map((t) => t.getBoundingClientRect().height);
    return {
      width: box.width, scrollWidth: frame.scrollWidth, clientWidth: frame.clientWidth,
      boxes, textHeight: Math.min(...fontSizes), tabindex: frame.getAttribute("tabindex"),
      button: !!frame.previousElementSibling?.matches("button.map-zoom"),
    };
  });
}

const results = [];
for (const job of jobs) {
  const page = await browser.newPage();
  const phone = job.width < 600;
  await page.setViewport({ width: job.width, height: 900, isMobile: phone, hasTouch: phone });
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: job.scheme }]);
  await page.goto(job.url, { waitUntil: "load" });
  if (job.waitFor) await page.waitForSelector(job.waitFor, { timeout: 20000 });
  await new Promise((resolve) => setTimeout(resolve, 300)); // the theme's scripts settle
  const theme = await page.evaluate(() => document.documentElement.dataset.theme);
  const fit = await page.evaluate(mapGeometry);
  let full = null;
  if (job.click && (await page.$(job.click))) {
    await page.click(job.click);
    full = await page.evaluate(mapGeometry);
  }
  if (job.screenshot) await page.screenshot({ path: job.screenshot });
  await page.addScriptTag({ path: axeSource });
  const report = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
  results.push({
    ...job,
    theme,
    map: { fit, full },
    violations: report.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 300) })),
    })),
  });
  await page.close();
}
await browser.close();
process.stdout.write(JSON.stringify(results, null, 1));

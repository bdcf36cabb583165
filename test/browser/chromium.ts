/** Debian's Chromium driven by playwright-core, with every request that leaves 127.0.0.1 blocked and recorded. */
import {chromium, type Browser, type Page} from "playwright-core";

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PERFSPEC_CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync"
    ]
  });
}

export interface PageLog {
  errors: string[];
  offHost: string[];
}

/** A new page that records console errors, uncaught exceptions and blocked off-host requests into `log`. */
export async function watchedPage(browser: Browser): Promise<{page: Page; log: PageLog}> {
  const page = await browser.newPage();
  const log: PageLog = {errors: [], offHost: []};
  page.on("console", (message) => {
    if (message.type() === "error") log.errors.push(message.text());
  });
  page.on("pageerror", (error) => log.errors.push(`uncaught: ${error.message}`));
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "data:" || url.protocol === "blob:" || url.hostname === "127.0.0.1") return route.continue();
    log.offHost.push(url.href);
    return route.abort();
  });
  return {page, log};
}

/**
 * Presentation mode for a lecture hall: the sidebar, table of contents and footer hidden and the whole page drawn
 * 25% larger (CSS zoom, so charts re-fit their narrower column instead of clipping). On with `?present` in the URL
 * or the P key, off with P or Escape; it stays on while one moves between pages (per browser tab).
 */

const storageKey = "perfspec-present";

/** Turns presentation mode on when the URL or the tab asks for it, and binds its keys. */
export function installPresentationMode(): void {
  const parameter = new URLSearchParams(location.search).get("present");
  const asked = parameter === null ? sessionStorage.getItem(storageKey) === "1" : parameter !== "0";
  setPresenting(asked);
  addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "p" || event.key === "P") setPresenting(!presenting());
    else if (event.key === "Escape" && presenting()) setPresenting(false);
    else return;
    event.preventDefault();
  });
}

export function presenting(): boolean {
  return document.documentElement.classList.contains("present");
}

export function setPresenting(on: boolean): void {
  document.documentElement.classList.toggle("present", on);
  sessionStorage.setItem(storageKey, on ? "1" : "0");
}

/** Keys typed into a text box, a select or an editable region are the user's, not shortcuts. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
}

/** The mode's CSS (in the page head with the chart style): it overrides Framework's layout, not its sidebar state. */
export const presentationCss = `.present #observablehq-sidebar,.present #observablehq-sidebar-toggle,.present label[for="observablehq-sidebar-toggle"],.present #observablehq-sidebar-backdrop,.present #observablehq-toc,.present #observablehq-footer{display:none!important}
.present #observablehq-center{zoom:1.25;--observablehq-inset-left:1rem;--observablehq-inset-right:1rem;padding-left:1rem!important;padding-right:1rem!important}
.present #observablehq-main{max-width:none;padding-right:0!important}`;

/**
 * Export for every chart and table on every page, with no per-page code: hovering (or focusing) a chart shows
 * "SVG" and "PNG" buttons at its top right, hovering a table shows "CSV". One floating toolbar serves the whole
 * page, so Framework's cells and `resize` keep their own DOM. Tables export all their rows (Inputs.table renders
 * rows lazily, but its value holds them all), raw values rather than the page's formatting.
 */
import {tableCsv} from "../lib/tableCsv.js";
import {chartPng, download, standaloneSvg} from "./chartExport.js";

/** Charts smaller than this are legend swatches or icons, not charts. */
const minChart = {width: 120, height: 60};

type Target = {kind: "chart"; svg: SVGSVGElement; box: Element} | {kind: "table"; form: TableForm};
type TableForm = HTMLFormElement & {value: (Record<string, unknown>[] & {columns?: string[]}) | null};

/** Binds the toolbar to `root` (the page's main column). */
export function installExportButtons(root: HTMLElement): void {
  const bar = document.createElement("div");
  bar.className = "export-bar";
  bar.setAttribute("role", "toolbar");
  bar.hidden = true;
  document.body.append(bar);
  let current: Target | null = null;
  let hideTimer = 0;

  const show = (target: Target) => {
    clearTimeout(hideTimer);
    const box = target.kind === "chart" ? target.box : target.form;
    if (current && (current.kind === "chart" ? current.box : current.form) === box && !bar.hidden) return;
    current = target;
    bar.replaceChildren(
      ...(target.kind === "chart"
        ? [button("SVG", "Download this chart as SVG", saveSvg), button("PNG", "Download this chart as PNG", savePng)]
        : [button("CSV", "Download all rows of this table as CSV", saveCsv)])
    );
    const rect = box.getBoundingClientRect();
    const zoom = rect.width / (box as HTMLElement).offsetWidth || 1;
    bar.hidden = false;
    bar.style.top = `${scrollY + rect.top + 4 * zoom}px`;
    bar.style.left = `${scrollX + rect.right - bar.offsetWidth - 4}px`;
  };
  const hideSoon = () => {
    clearTimeout(hideTimer);
    hideTimer = window.setTimeout(() => (bar.hidden = true), 400);
  };

  const saveSvg = () => {
    if (current?.kind !== "chart") return;
    download(new Blob([standaloneSvg(current.svg)], {type: "image/svg+xml"}), fileName(current.box, "svg"));
  };
  const savePng = async () => {
    if (current?.kind !== "chart") return;
    const {svg, box} = current;
    download(await chartPng(svg), fileName(box, "png"));
  };
  const saveCsv = () => {
    if (current?.kind !== "table") return;
    const rows = current.form.value ?? [];
    download(new Blob([tableCsv(rows, rows.columns)], {type: "text/csv"}), fileName(current.form, "csv"));
  };

  const onEnter = (event: Event) => {
    const target = targetOf(event.target);
    if (target) show(target);
  };
  root.addEventListener("pointerover", onEnter);
  root.addEventListener("focusin", onEnter);
  root.addEventListener("pointerout", (event) => {
    if (!bar.contains(event.relatedTarget as Node | null)) hideSoon();
  });
  bar.addEventListener("pointerover", () => clearTimeout(hideTimer));
  bar.addEventListener("pointerout", (event) => {
    if (!bar.contains(event.relatedTarget as Node | null)) hideSoon();
  });
}

/** The chart or table an event happened in, if any. */
function targetOf(node: EventTarget | null): Target | null {
  if (!(node instanceof Element)) return null;
  const form = node.closest("form");
  if (form && /-table\b/.test(form.className)) return {kind: "table", form: form as TableForm};
  const figure = node.closest("figure[class^='plot-']");
  const svg = (figure?.querySelector(":scope > svg[class^='plot-']") ?? outermostSvg(node)) as SVGSVGElement | null;
  if (!svg || !/^plot-/.test(svg.getAttribute("class") ?? "")) return null;
  const {width, height} = svg.getBoundingClientRect();
  if (width < minChart.width || height < minChart.height) return null;
  return {kind: "chart", svg, box: figure ?? svg};
}

function outermostSvg(node: Element): SVGSVGElement | null {
  let svg: SVGSVGElement | null = null;
  for (let n: Element | null = node; n; n = n.parentElement) if (n instanceof SVGSVGElement) svg = n;
  return svg;
}

function button(label: string, title: string, action: () => void | Promise<void>): HTMLButtonElement {
  const element = Object.assign(document.createElement("button"), {type: "button", textContent: label, title});
  element.addEventListener("click", () => void action());
  return element;
}

/** `<page>-<section>-<n>.<ext>`: the page, the heading above the element, and which element it is on the page. */
export function fileName(element: Element, extension: string): string {
  const page =
    location.pathname
      .split("/")
      .pop()
      ?.replace(/\.html$/, "") || "index";
  const heading = precedingHeading(element);
  const same = extension === "csv" ? "form[class*='-table']" : "svg[class^='plot-'], figure[class^='plot-']";
  const all = [...document.querySelectorAll(same)].filter((e) => !e.parentElement?.closest("figure[class^='plot-']"));
  const n = Math.max(0, all.indexOf(element)) + 1;
  return [page, heading && slug(heading), String(n)].filter(Boolean).join("-") + `.${extension}`;
}

function precedingHeading(element: Element): string {
  const headings = [...document.querySelectorAll("#observablehq-main h1, #observablehq-main h2")];
  let text = "";
  for (const h of headings) {
    if (h.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) text = h.textContent ?? "";
  }
  return text;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);
}

/** The toolbar's CSS (in the page head). */
export const exportCss = `.export-bar{position:absolute;z-index:10;display:flex;gap:4px}
.export-bar[hidden]{display:none}
.export-bar button{font:600 13px/1 var(--sans-serif);padding:5px 8px;border:1px solid var(--theme-foreground-faint);border-radius:4px;background:var(--theme-background-alt);color:var(--theme-foreground);cursor:pointer;opacity:.92}
.export-bar button:hover,.export-bar button:focus-visible{opacity:1;border-color:var(--theme-foreground-focus)}`;

/**
 * Charts as files: a standalone SVG (the theme's colours and fonts written into it, so it looks the same in a
 * slide or an editor as on the page) and a PNG drawn from that SVG at twice the screen resolution.
 */

/** Computed properties written into every element of the copy: those the theme sets through CSS. */
const painted = ["fill", "stroke", "color", "opacity", "fill-opacity", "stroke-opacity", "font-family", "font-size"];

/**
 * The chart's markup as a standalone SVG document, on the page's background colour.
 * @example download(new Blob([standaloneSvg(svg)], {type: "image/svg+xml"}), "chart.svg")
 */
export function standaloneSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll("*")];
  const copies = [copy, ...copy.querySelectorAll("*")];
  // Only what differs from the parent is written: the rest is inherited, which keeps the file small.
  originals.forEach((original, i) => {
    if (original instanceof SVGStyleElement) return;
    const style = getComputedStyle(original);
    const parent = i === 0 || !original.parentElement ? null : getComputedStyle(original.parentElement);
    const target = copies[i] as SVGElement;
    for (const property of painted) {
      const value = style.getPropertyValue(property);
      if (value !== parent?.getPropertyValue(property)) target.style.setProperty(property, plainColor(value));
    }
  });
  const {width, height} = svg.getBoundingClientRect();
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("width", String(Math.round(width)));
  copy.setAttribute("height", String(Math.round(height)));
  const background = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  background.setAttribute("width", "100%");
  background.setAttribute("height", "100%");
  background.setAttribute("fill", plainColor(pageBackground(svg)));
  copy.insertBefore(background, copy.firstChild);
  return new XMLSerializer().serializeToString(copy);
}

/** The chart as a PNG of `scale` times its on-screen size. */
export async function chartPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const {width, height} = svg.getBoundingClientRect();
  const url = URL.createObjectURL(new Blob([standaloneSvg(svg)], {type: "image/svg+xml"}));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext("2d");
    if (!context) throw new Error("this browser cannot draw on a canvas");
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the PNG could not be encoded"))), "image/png")
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The first non-transparent background colour from the chart up to the page. */
function pageBackground(element: Element): string {
  for (let node: Element | null = element; node; node = node.parentElement) {
    const color = getComputedStyle(node).backgroundColor;
    if (color && color !== "transparent" && color !== "rgba(0, 0, 0, 0)") return color;
  }
  return "white";
}

/**
 * `color(srgb …)` and other modern colour syntaxes (the theme mixes its colours) as `rgb(…)`, which every SVG
 * reader understands: the browser paints one pixel and reads it back. Other values pass through.
 */
function plainColor(value: string): string {
  if (!/^(color|oklch|oklab|lab|lch|color-mix)\(/.test(value)) return value;
  const context = document.createElement("canvas").getContext("2d", {willReadFrequently: true});
  if (!context) return value;
  context.fillStyle = value;
  context.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
  return a === 255 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(3)})`;
}

/** Saves `blob` as `filename` through the browser's download, without leaving the page. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), {href: url, download: filename});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * What counts as "this machine" for `perfspec serve`: the addresses it may bind without `--allow-remote`, the Host
 * headers it answers (a page on another site that rebinds its DNS name to 127.0.0.1 sends its own name and is
 * refused), and the page origins allowed to read the alerts (CORS).
 */

/** @example isLoopbackAddress("127.0.0.1") // true; isLoopbackAddress("0.0.0.0") // false */
export function isLoopbackAddress(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Whether a Host header names this machine (any port).
 * @example isLoopbackHostHeader("127.0.0.1:8080") // true; isLoopbackHostHeader("evil.example:8080") // false
 */
export function isLoopbackHostHeader(header: string | undefined): boolean {
  if (header === undefined) return false;
  const host = header.startsWith("[") ? header.slice(1, header.indexOf("]")) : header.replace(/:\d+$/, "");
  return isLoopbackAddress(host.toLowerCase());
}

/**
 * Whether a page at `origin` may read the alerts: pages served from 127.0.0.1 only (the workspace's `npm start` and
 * any static server of `dist/` on this machine).
 * @example isAllowedOrigin("http://127.0.0.1:3000") // true; isAllowedOrigin("https://example.com") // false
 */
export function isAllowedOrigin(origin: string | undefined): origin is string {
  return origin !== undefined && /^https?:\/\/127\.0\.0\.1(:\d{1,5})?$/.test(origin);
}

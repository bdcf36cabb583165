/**
 * The part of Framework's standard library that the browser modules import. Framework resolves
 * `observablehq:stdlib` when it builds a page; TypeScript only needs its shape.
 */
declare module "observablehq:stdlib" {
  export interface FileAttachmentHandle {
    readonly name: string;
    /** The file's URL in the built site. */
    readonly href: string;
    json<T = unknown>(): Promise<T>;
    arrayBuffer(): Promise<ArrayBuffer>;
    /** An Arrow file as an apache-arrow Table. */
    arrow(): Promise<import("apache-arrow").Table>;
  }
  /** A file of the site; the path must be a string literal, relative to the calling module. */
  export function FileAttachment(path: string): FileAttachmentHandle;
}

/**
 * apache-arrow as Framework's standard library loads it (`_npm/`, the copy DuckDBClient and `FileAttachment.arrow()`
 * use): a table handed to DuckDB must come from that copy, whose `instanceof Table` checks a table of node_modules'
 * copy fails. Framework resolves `npm:` specifiers when it builds a page.
 */
declare module "npm:apache-arrow" {
  export * from "apache-arrow";
}

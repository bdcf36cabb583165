// Observable Framework configuration: see docs/architecture.md for how the workspace stays offline.
import {exportCss} from "./src/browser/exportButtons.js";
import {presentationCss} from "./src/browser/presentationMode.js";
import {chartCss} from "./src/components/chartStyle.js";

export default {
  title: "PerfSPEC workspace",
  root: "src",
  // PERFSPEC_OUT lets the browser test build a second site (hostile data) beside dist/.
  output: process.env.PERFSPEC_OUT ?? "dist",
  pages: [
    {name: "Overview", path: "/"},
    {name: "Action distribution", path: "/distribution"},
    {name: "SQL explorer", path: "/sql"},
    {name: "Data quality", path: "/quality"},
    {name: "Train a model", path: "/train"},
    {name: "Model metrics", path: "/metrics"},
    {name: "Inside the LSTM", path: "/model"},
    {name: "Predictions", path: "/predictions"},
    {name: "Detection", path: "/detection"},
    {name: "Live validation", path: "/live"},
    {name: "Templates", path: "/templates"},
    {name: "Performance", path: "/performance"}
  ],
  // Links end in .html (`./distribution.html`), so the built site works from any static file host, not only from
  // servers that map `/distribution` to `distribution.html`. (Framework 1.13's name for the old `cleanUrls: false`.)
  preserveExtension: true,
  // Light and dark follow the viewer's system setting; both are legible on a projector.
  theme: ["air", "near-midnight"],
  // No web-font stylesheet (it would be fetched from a font CDN).
  globalStylesheets: [],
  // DuckDB's json/parquet extensions are downloaded from duckdb.org by default: pages give DuckDB Arrow instead.
  duckdb: {extensions: {json: null, parquet: null}},
  // Run .ts loaders with this Node and tsx, whatever PATH holds.
  interpreters: {".ts": ["node", "--import", "tsx"]},
  search: false,
  // An inline icon, so browsers do not request /favicon.ico; projector-sized chart text and controls; on every
  // page, presentation mode (?present or P) and SVG/PNG/CSV export of every chart and table (src/browser/pageTools.ts).
  head: `<link rel="icon" href="data:,"><style>${chartCss}\n${presentationCss}\n${exportCss}</style>
<script type="module" src="/browser/pageTools.js"></script>`,
  footer: "PerfSPEC workspace · data: Kermabon-Bobinnec et al., PerfSPEC, IEEE TDSC 2024 (CC BY 4.0)"
};

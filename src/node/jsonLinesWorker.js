// Entry of the JSON-lines worker threads: TypeScript through tsx's loader (as bin/perfspec.js), then the worker.
import {register} from "tsx/esm/api";
register();
await import("./jsonLinesWorker.ts");

#!/usr/bin/env node
// Thin shim: the command line is TypeScript, run through tsx's loader so no build step is needed.
import {register} from "tsx/esm/api";
register();
await import("../src/cli/perfspec.ts");

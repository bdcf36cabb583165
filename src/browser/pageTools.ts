/**
 * Loaded by every page (a module script in the page head, observablehq.config.ts): presentation mode and export
 * buttons for every chart and table.
 */
import {installExportButtons} from "./exportButtons.js";
import {installPresentationMode} from "./presentationMode.js";

installPresentationMode();
const main = document.getElementById("observablehq-main");
if (main) installExportButtons(main);

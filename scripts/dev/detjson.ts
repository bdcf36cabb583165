import {detectionJson} from "../../data-loaders/detection.js";
const j = (await detectionJson()) as {highRecall: {g: number; byG: Record<string, unknown[]>}};
console.log(JSON.stringify(j).length, JSON.stringify(j.highRecall).length, j.highRecall.g, j.highRecall.byG["15"].length);

/**
 * Self time by function from a V8 .cpuprofile (node --cpu-prof), to name what bounds a contender.
 * Usage: tsx bench/profileSummary.ts <file.cpuprofile> [top]
 */
import {readFileSync} from "node:fs";

interface Node {
  id: number;
  callFrame: {functionName: string; url: string; lineNumber: number};
  hitCount?: number;
}

export function selfTimes(profile: {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}): {name: string; share: number}[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const file = frame.url.replace(/^.*\/(node_modules\/[^/]+|src|bench)\//, "$1/");
    const name = `${frame.functionName || "(anonymous)"} ${file}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
    const dt = profile.timeDeltas[i] ?? 0;
    totals.set(name, (totals.get(name) ?? 0) + dt);
    all += dt;
  });
  return [...totals].map(([name, t]) => ({name, share: t / all})).sort((a, b) => b.share - a.share);
}

if (process.argv[1]?.endsWith("profileSummary.ts")) {
  const top = Number(process.argv[3] ?? 15);
  for (const {name, share} of selfTimes(JSON.parse(readFileSync(process.argv[2], "utf8"))).slice(0, top)) {
    console.log(`${(share * 100).toFixed(1).padStart(5)}%  ${name}`);
  }
}

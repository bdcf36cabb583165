/** The Python peers run on Debian's Python (python3-pandas, python3-torch), installed with apt when missing. */
import {spawnSync} from "node:child_process";
import {existsSync} from "node:fs";

export const PYTHON = "/usr/bin/python3";

/** Installs python3-pandas, python3-torch and time with apt-get when missing, saying so. */
export function ensurePeers(log: (s: string) => void): void {
  const missing: string[] = [];
  for (const [module, pkg] of [
    ["pandas", "python3-pandas"],
    ["torch", "python3-torch"]
  ]) {
    if (spawnSync(PYTHON, ["-c", `import ${module}`]).status !== 0) missing.push(pkg);
  }
  if (!existsSync("/usr/bin/time")) missing.push("time");
  if (missing.length === 0) return;
  log(`peers: installing ${missing.join(", ")} with apt-get (Debian packages for ${PYTHON})`);
  const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
  const run = (args: string[]) =>
    spawnSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), {
      stdio: "inherit",
      env: {...process.env, DEBIAN_FRONTEND: "noninteractive"}
    });
  run(["apt-get", "update", "-qq"]);
  const {status} = run(["apt-get", "install", "-y", "-qq", ...missing]);
  if (status !== 0) throw new Error(`apt-get install ${missing.join(" ")} failed (exit ${status})`);
}

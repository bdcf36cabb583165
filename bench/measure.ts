/** Runs one contender as a child process under GNU time, returning its JSON result, wall time and peak RSS. */
import {spawn} from "node:child_process";
import {existsSync} from "node:fs";

export interface ChildRun<T> {
  /** The child's last stdout line, parsed. */
  result: T;
  /** Wall time of the whole child, startup included (s). */
  wallSeconds: number;
  /** Peak resident set size of the child (MiB), from `/usr/bin/time -v`. */
  peakRssMiB: number;
  /** CPU time of the child, all its threads (user + system, s), from `/usr/bin/time -v`: steadier than wall time on a busy machine. */
  cpuSeconds: number;
}

export const TIME = "/usr/bin/time";

/** `node --import tsx <script> ...args`, measured. */
export function runNodeChild<T>(
  script: string,
  args: string[],
  options: {env?: NodeJS.ProcessEnv; nodeArgs?: string[]} = {}
): Promise<ChildRun<T>> {
  return runChild<T>(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", script, ...args], options.env);
}

export function runChild<T>(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<ChildRun<T>> {
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing (apt-get install -y time)`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(TIME, ["-v", command, ...args], {
      env: {...process.env, ...env},
      stdio: ["ignore", "pipe", "pipe"]
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallSeconds = (performance.now() - started) / 1000;
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const last = stdout.trim().split("\n").pop() ?? "";
      if (code !== 0 || !rss) {
        reject(
          new Error(
            `${command} ${args.join(" ")} exited ${code}:\n${stderr
              .split("\n")
              .filter((l) => !/^\t/.test(l))
              .slice(-15)
              .join("\n")}`
          )
        );
        return;
      }
      try {
        const seconds = (label: string) =>
          Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(stderr)?.[1] ?? NaN);
        resolve({
          result: JSON.parse(last) as T,
          wallSeconds,
          peakRssMiB: Number(rss[1]) / 1024,
          cpuSeconds: seconds("User") + seconds("System")
        });
      } catch {
        reject(new Error(`${command} ${args.join(" ")} printed no JSON result:\n${stdout.slice(-500)}`));
      }
    });
  });
}

/**
 * `perfspec <command> ...`: dispatches to one module per command. Each command module exports
 * `run(argv): Promise<number>` (the exit code) and prints its own `--help`.
 */
const commands: Record<string, {summary: string; load: () => Promise<{run: (argv: string[]) => Promise<number>}>}> = {
  prepare: {
    summary: "parse audit logs / CSV / action lists into Arrow tables and a report",
    load: () => import("./prepare.js")
  },
  train: {
    summary: "train a next-action model (ngram, bayes, lstm) on the training split",
    load: () => import("./train.js")
  },
  evaluate: {summary: "evaluate a trained model on its held-out split", load: () => import("./evaluate.js")},
  predict: {summary: "print the most likely next actions after a given context", load: () => import("./predict.js")},
  detect: {
    summary: "flag anomalous actions and threat-matrix techniques in audit logs",
    load: () => import("./detect.js")
  },
  inject: {
    summary: "interleave labelled threat-matrix attack events into a benign audit log",
    load: () => import("./inject.js")
  },
  serve: {
    summary: "score a cluster's audit webhook live and stream alerts (server-sent events)",
    load: () => import("./serve.js")
  },
  templates: {summary: "group the lines of any text log into templates (Drain)", load: () => import("./templates.js")}
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: perfspec <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun 'perfspec <command> --help' for the options of a command.`;
}

// A reader that stops early (`perfspec detect … | head`) closes the pipe: end quietly, as Unix tools do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(0);
});

const [name, ...rest] = process.argv.slice(2);
if (!name || name === "--help" || name === "-h" || name === "help") {
  console.log(usage());
  process.exitCode = name ? 0 : 1;
} else if (!(name in commands)) {
  console.error(`perfspec: unknown command "${name}"\n\n${usage()}`);
  process.exitCode = 2;
} else {
  try {
    const command = await commands[name].load();
    process.exitCode = await command.run(rest);
  } catch (error) {
    // Expected failures (bad input, missing files) are reported as one line, not a stack trace.
    console.error(`perfspec ${name}: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.PERFSPEC_DEBUG) console.error(error);
    process.exitCode = 1;
  }
}

/**
 * The SQL explorer's example queries over its two tables (`events`, `actions`), in the order the page offers them:
 * one list for the page and for the data loader that runs the first at build time (src/data/sql-prepared.json.ts).
 * Example: `SQL_EXAMPLES[0].name // "Top actions"`
 */
export const SQL_EXAMPLES: readonly {name: string; query: string}[] = [
  {
    name: "Top actions",
    // Ties broken by name, so the 20 rows are the same in every DuckDB (at build time and in the page).
    query: `SELECT action, COUNT(*)::INTEGER AS n\nFROM actions\nGROUP BY action\nORDER BY n DESC, action\nLIMIT 20`
  },
  {
    name: "Who does what",
    query: `SELECT "user", COUNT(*)::INTEGER AS actions, COUNT(DISTINCT action)::INTEGER AS distinct_actions\nFROM actions\nGROUP BY "user"\nORDER BY actions DESC`
  },
  {
    name: "Failed writes",
    query: `SELECT verb, resource, code, COUNT(*)::INTEGER AS n\nFROM events\nWHERE code >= 400 AND verb NOT IN ('get', 'list', 'watch')\nGROUP BY ALL\nORDER BY n DESC`
  },
  {
    name: "What follows what",
    query: `SELECT this, next, COUNT(*)::INTEGER AS n\nFROM (SELECT action AS this, LEAD(action) OVER (ORDER BY rowid) AS next FROM actions)\nWHERE next IS NOT NULL\nGROUP BY ALL\nORDER BY n DESC\nLIMIT 20`
  },
  {
    name: "Requests per second",
    query: `SELECT date_trunc('second', time::TIMESTAMP) AS second, COUNT(*)::INTEGER AS events, SUM(kept::INTEGER)::INTEGER AS actions\nFROM events\nGROUP BY ALL\nORDER BY second`
  }
];

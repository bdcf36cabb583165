// Framework data loader: the SQL explorer's first example, run at build time by DuckDB in Node.
import {sqlPreparedJson} from "../../data-loaders/sqlPrepared.js";
import {writeLoader} from "../../data-loaders/writeLoader.js";

await writeLoader("sql-prepared.json", sqlPreparedJson);

/**
 * The action sequence of the data in use (the site's actions.arrow, or an upload's), for the Action distribution
 * page. Apart from workspaceData.ts because it imports apache-arrow statically: the page's first chart needs the
 * table, so the library is fetched and compiled with the page's other modules, not after them (Framework's copy, the
 * one the SQL explorer's DuckDB uses, so that moving between the two pages loads it once).
 */
import {FileAttachment} from "observablehq:stdlib";
import {tableFromIPC, type Table} from "npm:apache-arrow";
import {reportOf, siteOrUpload, siteReport, uploadedOf, type Uploaded, type WorkspaceReport} from "./workspaceData.js";

/**
 * The action sequence (an Arrow table with actions.arrow's columns) with its report, as a generator for a page
 * cell (see workspaceData.ts): `const data = workspaceActions();`, then `data.actions` in another cell.
 */
export function workspaceActions(): AsyncGenerator<{actions: Table; report: WorkspaceReport; uploaded: Uploaded}> {
  return siteOrUpload(
    async () => {
      const [bytes, report] = await Promise.all([
        FileAttachment("../data/prepared/actions.arrow").arrayBuffer(),
        siteReport()
      ]);
      return {actions: tableFromIPC(new Uint8Array(bytes)), report, uploaded: null};
    },
    async (u) => ({actions: tableFromIPC(u.actions), report: await reportOf(u), uploaded: uploadedOf(u)})
  );
}

"""Contender: pandas read_json(lines=True) plus the PerfSPEC policy (dedup by auditID, drop get/list/watch and
events/leases/replicationcontrollers, action = verb_resource). Prints one JSON line {seconds, events, actions, maxrss_kib}."""
import json, resource, sys, time

import pandas as pd

started = time.perf_counter()
frame = pd.read_json(sys.argv[1], lines=True)
frame = frame.drop_duplicates(subset="auditID", keep="first")
object_ref = frame["objectRef"].apply(lambda r: r if isinstance(r, dict) else {})
frame["resource"] = object_ref.str.get("resource").fillna("")
kept = frame[~frame["verb"].isin(["get", "list", "watch"]) & ~frame["resource"].isin(["events", "leases", "replicationcontrollers"])]
actions = (kept["verb"] + "_" + kept["resource"]).rename("action")
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "events": len(frame), "actions": len(actions),
                  "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))

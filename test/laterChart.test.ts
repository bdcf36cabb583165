import assert from "node:assert/strict";
import {test} from "node:test";

test("laterChart(render) draws at load after a frame, one chart per frame in order; afterwards at once", async () => {
  // A browser's frame loop, as far as laterChart uses it.
  const frames: (() => void)[] = [];
  Object.assign(globalThis, {
    document: {visibilityState: "visible"},
    requestAnimationFrame: (callback: () => void) => frames.push(callback)
  });
  const frame = async () => {
    for (const callback of frames.splice(0)) callback();
    await new Promise((resolve) => setTimeout(resolve, 5));
  };
  const {laterChart} = await import("../src/components/laterChart.js");
  const drawn: string[] = [];
  const chart = (name: string) => laterChart((width: number) => (drawn.push(name), `${name} ${width}`));

  const first = chart("verbs")(640);
  const second = chart("users")(320);
  assert.ok(first instanceof Promise);
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(drawn, [], "nothing is drawn before a frame has been painted");
  await frame();
  assert.deepEqual(drawn, ["verbs"], "one chart per frame");
  await frame();
  assert.deepEqual(drawn, ["verbs", "users"]);
  assert.deepEqual(await Promise.all([first, second]), ["verbs 640", "users 320"]);

  // The page has loaded: a redraw (a filter's change) is immediate.
  assert.equal(chart("verbs")(500), "verbs 500");
});

"""The JavaScript every execution context starts with: Node-like globals and the driver.

``console`` is captured (Auth0 keeps 256 characters per ``console.log``), ``require``
finds nothing (no npm in the mock), and timers run on a virtual clock: once no
microtask is left, the driver fires the earliest timer at once, so ``setTimeout(r, 100)``
costs no wall time while a wait past the time limit still ends as a timeout. The driver
drains the microtask queue itself (``%PerformMicrotaskCheckpoint``) inside the evaluation
that carries the time limit, so a runaway promise chain is terminated with it.
"""

from .node_globals import CONSOLE_AND_TIMERS_JS

RUNTIME_JS = r"""
Object.defineProperty(globalThis, "__mock", { writable: false, configurable: false, value: (function () {
  "use strict";
  const calls = [];
  const logs = [];
  const timers = [];
  const module = { exports: {} };
  let sequence = 0;
  let clock = 0;
  let input = null;

  const copy = (value) => (value === undefined ? null : JSON.parse(JSON.stringify(value)));
  function record(op, ...args) { calls.push([op].concat(args.map(copy))); }

""" + CONSOLE_AND_TIMERS_JS + r"""
  // Out-of-band wake-ups would run outside the time limit; Actions have no use for them.
  delete Atomics.waitAsync;
  globalThis.require = (name) => {
    throw new Error(`Cannot find module '${name}': the mock tenant runs Actions without ` +
                    "npm dependencies or Node built-ins");
  };

  function describe(error) {
    if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
    return { name: "Error", message: show(error) };
  }

  function drive(state) {
    %PerformMicrotaskCheckpoint();
    while (state.status === "pending" && timers.length > 0) {
      timers.sort((a, b) => a.due - b.due || a.id - b.id);
      const timer = timers.shift();
      clock = Math.max(clock, timer.due);
      if (clock > input.limitMs) { state.status = "timeout"; break; }
      if (timer.repeat) { timer.due = clock + Math.max(timer.wait, 1); timers.push(timer); }
      try { timer.fn(...timer.args); } catch (error) { state.status = "error"; state.error = describe(error); }
      %PerformMicrotaskCheckpoint();
    }
    if (state.status === "pending") state.status = "unsettled";
  }

  function run(json) {
    input = JSON.parse(json);
    const handler = module.exports[input.handler];
    if (typeof handler !== "function") return JSON.stringify({ status: "missing", calls, logs });
    const state = { status: "pending" };
    const settle = (status, error) => {
      if (state.status !== "pending") return;
      state.status = status;
      if (error !== undefined) state.error = describe(error);
    };
    try {
      const api = __api[input.trigger](input, record);
      Promise.resolve(handler(input.event, api)).then(() => settle("ok"), (e) => settle("error", e));
    } catch (error) {
      settle("error", error);
    }
    drive(state);
    return JSON.stringify({ status: state.status, error: state.error, calls, logs, virtual_ms: clock });
  }

  return Object.freeze({ module, run });
})() });
"""

# The Action's file runs as a CommonJS module. The wrapper keeps line numbers: it adds
# nothing before the first line of the file.
MODULE_PREFIX = (
    "(function (exports, require, module, __filename, __dirname) {"
)
MODULE_SUFFIX = (
    "\n}).call(__mock.module.exports, __mock.module.exports, require, __mock.module, "
    "'action.js', '/');"
)


def wrap_module(source: str) -> str:
    """The Action's source as a CommonJS module body."""
    return MODULE_PREFIX + source + MODULE_SUFFIX

"""The JavaScript every execution context starts with: Node-like globals and the driver.

``console`` is captured (Auth0 keeps 256 characters per ``console.log``), ``require``
finds nothing (no npm in the mock), and timers run on a virtual clock: once no
microtask is left, the driver fires the earliest timer at once, so ``setTimeout(r, 100)``
costs no wall time while a wait past the time limit still ends as a timeout. The driver
drains the microtask queue itself (``%PerformMicrotaskCheckpoint``) inside the evaluation
that carries the time limit, so a runaway promise chain is terminated with it.
"""

RUNTIME_JS = r"""
Object.defineProperty(globalThis, "__mock", { writable: false, configurable: false, value: (function () {
  "use strict";
  const MAX_LINE = 256;
  const MAX_LINES = 100;
  const calls = [];
  const logs = [];
  const timers = [];
  const module = { exports: {} };
  let sequence = 0;
  let clock = 0;
  let input = null;

  const copy = (value) => (value === undefined ? null : JSON.parse(JSON.stringify(value)));
  function record(op, ...args) { calls.push([op].concat(args.map(copy))); }

  function show(value) {
    if (typeof value === "string") return value;
    if (value instanceof Error) return value.stack || String(value);
    try { return JSON.stringify(value) ?? String(value); } catch (e) { return String(value); }
  }
  const write = (...args) => {
    if (logs.length < MAX_LINES) logs.push(args.map(show).join(" ").slice(0, MAX_LINE));
  };
  globalThis.console = { log: write, info: write, warn: write, error: write, debug: write };

  function schedule(fn, delay, args, repeat) {
    if (typeof fn !== "function") throw new TypeError("The callback argument must be a function");
    const wait = Math.max(0, Number(delay) || 0);
    const id = ++sequence;
    timers.push({ id, fn, args, wait, due: clock + wait, repeat });
    return id;
  }
  function cancel(id) {
    const index = timers.findIndex((timer) => timer.id === id);
    if (index >= 0) timers.splice(index, 1);
  }
  globalThis.setTimeout = (fn, delay, ...args) => schedule(fn, delay, args, false);
  globalThis.setInterval = (fn, delay, ...args) => schedule(fn, delay, args, true);
  globalThis.setImmediate = (fn, ...args) => schedule(fn, 0, args, false);
  globalThis.clearTimeout = globalThis.clearInterval = globalThis.clearImmediate = cancel;
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

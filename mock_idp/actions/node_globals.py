"""The Node-like globals both JavaScript runtimes of the mock start with (Actions and
custom-database scripts): a captured ``console`` (256 characters a line, 100 lines, as Auth0
keeps) and timers on a virtual clock.

The fragment is pasted inside each runtime's closure, which must declare ``logs``, ``timers``,
``sequence`` and ``clock``; the runtime's driver fires the timers and moves the clock.
"""

CONSOLE_AND_TIMERS_JS = r"""
  const MAX_LINE = 256;
  const MAX_LINES = 100;
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
"""

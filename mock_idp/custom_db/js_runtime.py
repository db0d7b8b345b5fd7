"""The JavaScript every custom-database script context starts with.

Auth0 runs a database action script as one function (``function login(email, password,
callback)``) with the connection's ``configuration`` as a global, the error classes
``WrongUsernameOrPasswordError``, ``ValidationError`` and ``UnauthorizedError``, Node's
``console``, timers and ``fetch``. Here ``console`` is captured, timers run on the virtual
clock of the Actions runtime, ``require`` finds nothing, and ``fetch`` is a request/response
loop with Python: a call queues the request, the driver hands the queued requests to Python
when JavaScript has nothing left to do, and ``__db.resume`` settles the promises of the
answered ones (the clock moves on by the time that passed, so a script's own timer can win
a race against a slow server, as in Node).
"""

from ..actions.node_globals import CONSOLE_AND_TIMERS_JS

DB_RUNTIME_JS = r"""
Object.defineProperty(globalThis, "__db", { writable: false, configurable: false, value: (function () {
  "use strict";
  const logs = [];
  const timers = [];
  const waiting = new Map();
  let queued = [];
  let sequence = 0;
  let clock = 0;
  let limitMs = 0;
  const state = { status: "pending" };
  const holder = { script: null };

""" + CONSOLE_AND_TIMERS_JS + r"""
  delete Atomics.waitAsync;
  globalThis.require = (name) => {
    throw new Error(`Cannot find module '${name}': the mock tenant runs database scripts ` +
                    "without npm modules; use the global fetch for HTTP");
  };

  class WrongUsernameOrPasswordError extends Error {
    constructor(userIdOrEmail, message) {
      super(message || "Wrong email or password.");
      this.name = "WrongUsernameOrPasswordError";
      this.userIdOrEmail = userIdOrEmail;
    }
  }
  class ValidationError extends Error {
    constructor(code, message) { super(message || code); this.name = "ValidationError"; this.code = code; }
  }
  class UnauthorizedError extends Error {
    constructor(message) { super(message || "Unauthorized"); this.name = "UnauthorizedError"; }
  }
  Object.assign(globalThis, { WrongUsernameOrPasswordError, ValidationError, UnauthorizedError });

  class Headers {
    constructor(init) {
      this.map = new Map();
      const pairs = init instanceof Headers ? Array.from(init.map) :
        Array.isArray(init) ? init : Object.entries(init || {});
      for (const [name, value] of pairs) this.map.set(String(name).toLowerCase(), String(value));
    }
    get(name) { const value = this.map.get(String(name).toLowerCase()); return value === undefined ? null : value; }
    has(name) { return this.map.has(String(name).toLowerCase()); }
    forEach(fn) { this.map.forEach((value, name) => fn(value, name, this)); }
    entries() { return this.map.entries(); }
  }
  class Response {
    constructor(answer) {
      this.status = answer.status;
      this.statusText = answer.statusText || "";
      this.ok = answer.status >= 200 && answer.status < 300;
      this.url = answer.url;
      this.headers = new Headers(answer.headers);
      this.body = answer.body;
    }
    text() { return Promise.resolve(this.body); }
    json() { return new Promise((resolve) => resolve(JSON.parse(this.body))); }
  }
  Object.assign(globalThis, { Headers, Response });

  globalThis.fetch = function fetch(resource, options) {
    const init = options || {};
    return new Promise((resolve, reject) => {
      const body = init.body === undefined || init.body === null ? null : String(init.body);
      const id = ++sequence;
      queued.push({ id, url: String(resource), method: String(init.method || "GET").toUpperCase(),
                    headers: Array.from(new Headers(init.headers).map), body });
      waiting.set(id, { resolve, reject });
    });
  };

  function describe(error) {
    if (error instanceof Error) {
      return { name: error.name, message: error.message, userIdOrEmail: error.userIdOrEmail ?? null,
               code: error.code ?? null };
    }
    return { name: "Error", message: show(error) };
  }
  function settle(status, error, profile) {
    if (state.status !== "pending") return;
    state.status = status;
    if (error !== undefined) state.error = describe(error);
    if (profile !== undefined) state.profile = JSON.parse(JSON.stringify(profile ?? null));
  }
  function callback(error, profile) {
    if (error) settle("error", error);
    else settle("ok", undefined, profile === undefined ? null : profile);
  }

  function fireDue(until) {
    while (state.status === "pending" && timers.length > 0) {
      timers.sort((a, b) => a.due - b.due || a.id - b.id);
      if (timers[0].due > until) return;
      const timer = timers.shift();
      clock = Math.max(clock, timer.due);
      if (timer.repeat) { timer.due = clock + Math.max(timer.wait, 1); timers.push(timer); }
      try { timer.fn(...timer.args); } catch (error) { settle("error", error); }
      %PerformMicrotaskCheckpoint();
    }
  }

  function drive() {
    %PerformMicrotaskCheckpoint();
    while (state.status === "pending") {
      timers.sort((a, b) => a.due - b.due || a.id - b.id);
      if (queued.length > 0 || waiting.size > 0) {
        // Python makes the new requests and comes back when one is answered or the next
        // timer is due, whichever is first (as Node's event loop would).
        const requests = queued;
        queued = [];
        const nextTimerMs = timers.length > 0 ? Math.max(0, timers[0].due - clock) : null;
        return JSON.stringify({ status: "fetch", requests, nextTimerMs });
      }
      if (timers.length === 0) break;
      if (timers[0].due > limitMs) { state.status = "timeout"; break; }
      fireDue(timers[0].due);
    }
    if (state.status === "pending") state.status = "unsettled";
    return JSON.stringify({ status: state.status, error: state.error, profile: state.profile,
                            logs, virtual_ms: clock });
  }

  function run(json) {
    const input = JSON.parse(json);
    limitMs = input.limitMs;
    Object.defineProperty(globalThis, "configuration", { value: Object.freeze(input.configuration),
                                                         writable: false, configurable: false });
    const script = holder.script;
    if (typeof script !== "function") return JSON.stringify({ status: "missing", logs });
    try {
      const returned = script(...input.args, callback);
      if (returned && typeof returned.then === "function") returned.then(undefined, (e) => settle("error", e));
    } catch (error) {
      settle("error", error);
    }
    return drive();
  }

  function resume(json) {
    const input = JSON.parse(json);
    clock += input.elapsedMs;
    if (clock > limitMs) { state.status = "timeout"; return drive(); }
    fireDue(clock);
    for (const answer of input.responses) {
      const pending = waiting.get(answer.id);
      waiting.delete(answer.id);
      if (answer.error) pending.reject(new TypeError(`fetch failed: ${answer.error}`));
      else pending.resolve(new Response(answer));
    }
    return drive();
  }

  return Object.freeze({ holder, run, resume });
})() });
"""

# The script file is one function expression (Auth0 evaluates it the same way); the wrapper
# adds nothing before its first line, so V8's line numbers are the file's.
SCRIPT_PREFIX = "__db.holder.script = ("
SCRIPT_SUFFIX = "\n);"


def wrap_script(source: str) -> str:
    """The script's source as the expression the driver calls."""
    return SCRIPT_PREFIX + source + SCRIPT_SUFFIX

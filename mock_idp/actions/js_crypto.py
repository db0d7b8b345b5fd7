"""HS256 JWTs in plain JavaScript, for ``api.redirect.encodeToken`` / ``validateToken``.

A bare V8 has neither Node's ``crypto`` nor ``TextEncoder`` nor ``btoa``, so SHA-256,
HMAC, UTF-8 and base64url are spelled out here (checked against Python's ``hmac`` in the
unit tests). Evaluated once per execution context, before the Action's code.
"""

CRYPTO_JS = r"""
var __crypto = (function () {
  "use strict";
  function primes(n) {
    const out = [];
    for (let c = 2; out.length < n; c++) {
      if (out.every((p) => c % p !== 0)) out.push(c);
    }
    return out;
  }
  const frac = (x) => Math.floor((x - Math.floor(x)) * 4294967296) | 0;
  const K = primes(64).map((p) => frac(Math.cbrt(p)));
  const H0 = primes(8).map((p) => frac(Math.sqrt(p)));
  const rotr = (x, n) => (x >>> n) | (x << (32 - n));

  function sha256(bytes) {
    const data = bytes.concat([0x80]);
    while (data.length % 64 !== 56) data.push(0);
    const bits = bytes.length * 8;
    for (let i = 7; i >= 0; i--) data.push(Math.floor(bits / Math.pow(2, 8 * i)) & 0xff);
    let h = H0.slice();
    const w = new Array(64);
    for (let off = 0; off < data.length; off += 64) {
      for (let i = 0; i < 16; i++) {
        const j = off + 4 * i;
        w[i] = (data[j] << 24) | (data[j + 1] << 16) | (data[j + 2] << 8) | data[j + 3];
      }
      for (let i = 16; i < 64; i++) {
        const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      let [a, b, c, d, e, f, g, k] = h;
      for (let i = 0; i < 64; i++) {
        const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h = h.map((x, i) => (x + [a, b, c, d, e, f, g, k][i]) | 0);
    }
    const out = [];
    for (const x of h) out.push((x >>> 24) & 0xff, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff);
    return out;
  }

  function hmac(key, message) {
    let k = key.length > 64 ? sha256(key) : key.slice();
    while (k.length < 64) k.push(0);
    const inner = sha256(k.map((x) => x ^ 0x36).concat(message));
    return sha256(k.map((x) => x ^ 0x5c).concat(inner));
  }

  const utf8 = (text) => Array.from(unescape(encodeURIComponent(String(text))), (c) => c.charCodeAt(0));
  const fromUtf8 = (bytes) => decodeURIComponent(escape(String.fromCharCode(...bytes)));
  const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  function b64url(bytes) {
    let out = "";
    for (let i = 0; i < bytes.length; i += 3) {
      const n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
      const chars = [18, 12, 6, 0].map((s) => ALPHABET[(n >> s) & 63]);
      out += chars.slice(0, Math.min(4, bytes.length - i + 1)).join("");
    }
    return out;
  }

  function fromB64url(text) {
    const bytes = [];
    let buffer = 0;
    let bits = 0;
    for (const ch of text) {
      const value = ALPHABET.indexOf(ch);
      if (value < 0) throw new Error("Invalid token: not base64url");
      buffer = (buffer << 6) | value;
      bits += 6;
      if (bits >= 8) { bits -= 8; bytes.push((buffer >> bits) & 0xff); }
    }
    return bytes;
  }

  function sign(payload, secret) {
    const head = b64url(utf8(JSON.stringify({ alg: "HS256", typ: "JWT" })));
    const body = b64url(utf8(JSON.stringify(payload)));
    return `${head}.${body}.${b64url(hmac(utf8(secret), utf8(`${head}.${body}`)))}`;
  }

  function verify(token, secret) {
    const parts = String(token).split(".");
    if (parts.length !== 3) throw new Error("Invalid token: not a JWT");
    const header = JSON.parse(fromUtf8(fromB64url(parts[0])));
    if (header.alg !== "HS256") throw new Error("Invalid token: alg must be HS256");
    const expected = b64url(hmac(utf8(secret), utf8(`${parts[0]}.${parts[1]}`)));
    let diff = expected.length ^ parts[2].length;
    for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ (parts[2].charCodeAt(i) || 0);
    if (diff !== 0) throw new Error("Invalid token: signature does not match");
    return JSON.parse(fromUtf8(fromB64url(parts[1])));
  }

  return { sha256, hmac, utf8, b64url, sign, verify };
})();
"""

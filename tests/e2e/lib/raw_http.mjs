// Requests that no HTTP client library would send, over a raw socket: the
// bytes go as given, and the answer is read until the server closes.
import assert from 'node:assert/strict';

// Requests Poco's HTTP server cannot read, each refused before garant's
// dispatcher sees it (server/src/http/connection.h). (A header line without
// a colon is not one: Poco skips it.)
export const MALFORMED_REQUESTS = {
  'a header value over 8 KiB': `GET / HTTP/1.1\r\nHost: x\r\nX-Long: ${'a'.repeat(9000)}\r\n\r\n`,
  'a header name over 256 bytes': `GET / HTTP/1.1\r\nHost: x\r\n${'N'.repeat(300)}: 1\r\n\r\n`,
  'more than 100 header fields': `GET / HTTP/1.1\r\n${Array.from({ length: 101 }, (_, i) => `X-H${i}: ${i}\r\n`).join('')}\r\n`,
  'a request line whose method is too long': `${'A'.repeat(64)} / HTTP/1.1\r\nHost: x\r\n\r\n`,
  'a request URI over 16 KiB': `GET /${'u'.repeat(17000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
  'a Content-Length that is not a number': 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
};

// Sends `bytes` on the socket `open()` returns once connected, and resolves
// with the parsed answer { status, headers (lower-case names), body }.
export function rawExchange(open, bytes, connectEvent = 'connect') {
  return new Promise((resolve, reject) => {
    const s = open();
    const chunks = [];
    const timer = setTimeout(() => { s.destroy(); reject(new Error('no answer within 10 s')); }, 10000);
    s.once(connectEvent, () => s.write(bytes));
    s.on('data', (c) => chunks.push(c));
    let error;
    s.on('error', (e) => { error = e; });
    s.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      if (error && text === '') { reject(error); return; }
      const split = text.indexOf('\r\n\r\n');
      if (split < 0) { reject(new Error(`not an HTTP answer: ${JSON.stringify(text)}`)); return; }
      const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
      const m = /^HTTP\/1\.[01] (\d{3}) /.exec(statusLine);
      if (!m) { reject(new Error(`not a status line: ${statusLine}`)); return; }
      const headers = {};
      for (const line of lines) {
        const at = line.indexOf(':');
        headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({ status: Number(m[1]), headers, body: text.slice(split + 4) });
    });
  });
}

// Asserts that `r` is garant's own refusal of a malformed request: 400, the
// JSON error shape, the headers of every answer, the connection closed;
// Strict-Transport-Security exactly when `hsts`.
export function assertGarantRefusal(r, what, { hsts }) {
  assert.equal(r.status, 400, what);
  assert.match(r.headers['content-type'] ?? '', /^application\/json/, what);
  const err = JSON.parse(r.body).error;
  assert.equal(err.code, 'invalid_argument', what);
  assert.equal(err.message, 'malformed HTTP request', what);
  assert.equal(r.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(r.headers['referrer-policy'], 'same-origin', what);
  assert.equal(r.headers['cache-control'], 'no-store', what);
  assert.match(r.headers['x-request-id'] ?? '', /^[0-9a-f]{16}$/, what);
  assert.equal(r.headers.connection?.toLowerCase(), 'close', what);
  assert.equal(r.headers['content-length'], String(Buffer.byteLength(r.body)), what);
  if (hsts) {
    assert.equal(r.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains', what);
  } else {
    assert.equal(r.headers['strict-transport-security'], undefined, what);
  }
}

// Abuse resistance over real sockets (docs/security.md): the client address
// behind trusted proxies, per-request deadlines against slow clients, the
// bounded metrics labels, the generic readiness reason and the separate
// loopback listener for /readyz and /metrics.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { Garantd } from './lib/garantd.mjs';

const servers = [];
after(async () => {
  for (const g of servers) {
    await g.stop().catch(() => {});
    g.cleanup();
  }
});

async function start(args) {
  const g = new Garantd();
  servers.push(g);
  await g.start({ demo: false, args });
  return g;
}

// One HTTP request over a fresh connection from `localAddress` (an address
// of the loopback range: the peer garantd sees).
function request(g, { method = 'GET', path, headers = {}, body, localAddress = '127.0.0.1' }) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: g.port, method, path, localAddress, agent: false,
      headers: { ...headers, ...(body ? { 'Content-Length': Buffer.byteLength(body) } : {}) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    // Without an answer in 15 s, fail rather than hang (a held server).
    req.setTimeout(15000, () => req.destroy(new Error(`no answer to ${method} ${path} in 15 s`)));
    if (body) req.write(body);
    req.end();
  });
}

// The public objection form's anonymous CSRF cookie and token.
async function formSession(g, localAddress) {
  const r = await request(g, { path: '/opposition', localAddress });
  assert.equal(r.status, 200);
  const cookie = [r.headers['set-cookie']].flat().map((c) => c.split(';')[0]).join('; ');
  const token = r.text.match(/name="csrf_token" value="([0-9a-f]{64})"/)[1];
  return { cookie, token };
}

// An empty objection (400, nothing recorded) that takes one unit of the
// per-address budget (server/src/objections/rate_limit.h: a burst of 30).
function submit(g, s, { localAddress, forwardedFor } = {}) {
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: s.cookie };
  if (forwardedFor) headers['X-Forwarded-For'] = forwardedFor;
  return request(g, {
    method: 'POST', path: '/opposition', headers, localAddress,
    body: new URLSearchParams({ csrf_token: s.token }).toString(),
  });
}

test('behind a trusted proxy, each client has its own budget; a forged header is ignored', async () => {
  // 127.0.0.2 is the proxy; 127.0.0.1 is a client connecting directly.
  const g = await start(['--trusted-proxies', '127.0.0.2/32, 10.0.0.0/8']);
  const s = await formSession(g, '127.0.0.1');

  // Client A through the proxy (which appends the address it saw, after
  // whatever A itself sent): 30 answered, the 31st refused.
  for (let i = 0; i < 30; i++) {
    const r = await submit(g, s, { localAddress: '127.0.0.2', forwardedFor: `198.51.100.${i}, 203.0.113.1` });
    assert.equal(r.status, 400, `A's submission ${i + 1}`);
  }
  let r = await submit(g, s, { localAddress: '127.0.0.2', forwardedFor: '203.0.113.1' });
  assert.equal(r.status, 429, "A's 31st");
  // Client B through the same proxy: its own budget.
  r = await submit(g, s, { localAddress: '127.0.0.2', forwardedFor: '203.0.113.2' });
  assert.equal(r.status, 400, 'B is not limited by A');
  // IPv6 clients are keyed per /64: two hosts of one /64 share a budget.
  for (let i = 0; i < 30; i++) {
    r = await submit(g, s, { localAddress: '127.0.0.2', forwardedFor: `2001:db8:1:2::${i + 1}` });
    assert.equal(r.status, 400, `/64 submission ${i + 1}`);
  }
  r = await submit(g, s, { localAddress: '127.0.0.2', forwardedFor: '2001:db8:1:2:ffff::9' });
  assert.equal(r.status, 429, 'another host of the same /64');
  r = await submit(g, s, { localAddress: '127.0.0.2', forwardedFor: '2001:db8:1:3::1' });
  assert.equal(r.status, 400, 'the next /64');

  // An untrusted peer forges a new X-Forwarded-For each time: ignored, so
  // all its submissions share the peer's own budget.
  for (let i = 0; i < 30; i++) {
    r = await submit(g, s, { localAddress: '127.0.0.1', forwardedFor: `192.0.2.${i}` });
    assert.equal(r.status, 400, `forged ${i + 1}`);
  }
  r = await submit(g, s, { localAddress: '127.0.0.1', forwardedFor: '192.0.2.200' });
  assert.equal(r.status, 429, 'the forged header gave no new budget');
});

test('garantd refuses a trusted_proxies entry that is not a CIDR', async () => {
  const g = new Garantd();
  servers.push(g);
  await assert.rejects(g.start({ demo: false, args: ['--trusted-proxies', 'proxy.example'] }),
    /trusted_proxies: 'proxy\.example' is not an IP address or CIDR/);
});

// A connection that sends `head` then one byte of `trickle` every 300 ms,
// never finishing; resolves with what it received once garantd closes it.
function slowClient(g, head, trickle) {
  return new Promise((resolve) => {
    const sock = net.connect(g.port, '127.0.0.1');
    let received = '';
    let i = 0;
    let timer;
    sock.on('connect', () => {
      sock.write(head);
      timer = setInterval(() => { if (!sock.destroyed) sock.write(trickle[i++ % trickle.length]); }, 300);
    });
    sock.on('data', (d) => { received += d; });
    const done = () => { clearInterval(timer); sock.destroy(); resolve(received); };
    sock.on('end', done);
    sock.on('error', done);
    sock.on('close', done);
    // Never closed by garantd: give up after 15 s (the test then fails).
    setTimeout(() => { received += 'NOT CLOSED'; done(); }, 15000).unref();
  });
}

test('17 slow senders cannot hold the 16 worker threads: others are answered, the slow cut off', async () => {
  const g = await start(['--threads', '16', '--request-deadline-seconds', '3']);
  const started = Date.now();
  // 16 trickle their headers, one its body (Content-Length 64, 1 byte at a time).
  const slow = [];
  for (let i = 0; i < 16; i++) {
    slow.push(slowClient(g, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', 'X-Slow: a\r\n'));
  }
  slow.push(slowClient(g,
    'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n{',
    '"'));
  await new Promise((res) => setTimeout(res, 1000));
  // Every worker thread is taken by now: this request is answered only when
  // the deadline frees one.
  const r = await request(g, { path: '/healthz' });
  assert.equal(r.status, 200);
  const answered = Date.now() - started;
  assert.ok(answered < 10000, `answered after ${answered} ms`);
  const received = await Promise.all(slow);
  const closed = Date.now() - started;
  assert.ok(closed < 10000, `slow clients closed after ${closed} ms`);
  // The slow body is refused, never handled as if complete.
  assert.match(received[16], /^HTTP\/1\.1 400/);
  assert.match(received[16], /request body incomplete/);
  assert.match(g.output, /did not send its request within 3 s/);
});

test('while a connection waits for a worker thread, a kept-alive one is closed after its response', async () => {
  // One worker thread: connection A holds it between its requests (keep-alive).
  const g = await start(['--threads', '1']);
  const a = net.connect(g.port, '127.0.0.1');
  await new Promise((res, rej) => { a.once('connect', res); a.once('error', rej); });
  let received = '';
  let ended = false;
  a.on('data', (d) => { received += d; });
  a.on('end', () => { ended = true; });
  const responses = () => received.split(/(?=HTTP\/1\.1 )/).filter(Boolean);
  const waitFor = async (cond, what) => {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(cond(), what);
  };
  a.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  await waitFor(() => responses().length === 1, 'the first answer on A');
  assert.match(responses()[0], /^HTTP\/1\.1 200/);
  assert.match(responses()[0], /\r\nConnection: Keep-Alive\r\n/i, 'nobody waits yet: A is kept alive');
  // B connects and waits: A, idle, holds the only thread.
  const b = request(g, { path: '/healthz' });
  await new Promise((r) => setTimeout(r, 500));
  // A's next request is answered, and its connection closed, so B is served.
  a.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  await waitFor(() => responses().length === 2 && ended, 'the second answer on A, then its end');
  assert.match(responses()[1], /^HTTP\/1\.1 200/);
  assert.match(responses()[1], /\r\nConnection: close\r\n/i);
  assert.equal((await b).status, 200);
  a.destroy();
});

test('metrics: an unknown method is counted as OTHER; /readyz gives no details', async () => {
  const g = await start([]);
  for (const method of ['BREW', 'PROPFIND', 'X-ANYTHING']) {
    const r = await request(g, { method, path: '/healthz' });
    assert.equal(r.status, 405, method);
  }
  const m = await request(g, { path: '/metrics' });
  // (a 405 is counted under the route label "unmatched")
  assert.match(m.text, /garant_http_requests_total\{method="OTHER",route="unmatched",status="405"\} 3/);
  assert.doesNotMatch(m.text, /BREW|PROPFIND|X-ANYTHING/);

  g.pgCtl('stop', '-D', `${g.dataDir}/pg`, '-m', 'immediate', '-w');
  const r = await request(g, { path: '/readyz' });
  assert.equal(r.status, 503);
  assert.deepEqual(JSON.parse(r.text), { status: 'not_ready', reason: 'unavailable' });
  // The details are for the operator's log.
  for (let i = 0; i < 20 && !/not ready: /.test(g.output); i++) await new Promise((res) => setTimeout(res, 100));
  assert.match(g.output, /not ready: /);
});

test('metrics_port: /readyz and /metrics only on their own loopback listener', async () => {
  const free = await new Promise((res) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
  const g = await start(['--metrics-port', String(free)]);
  assert.equal(g.opsPort, free);
  for (const path of ['/readyz', '/metrics']) {
    assert.equal((await request(g, { path })).status, 404, `${path} not on the main listener`);
    const r = await fetch(`http://127.0.0.1:${free}${path}`);
    assert.equal(r.status, 200, `${path} on the loopback listener`);
  }
  assert.equal((await request(g, { path: '/healthz' })).status, 200);
  // The loopback listener serves nothing else.
  assert.equal((await fetch(`http://127.0.0.1:${free}/opposition`)).status, 404);
});

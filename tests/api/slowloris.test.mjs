// slowloris.test.mjs — five addresses that trickle request heads cannot take the service down.
// 200 sockets from each of 127.0.0.2–127.0.0.6 (the per-address limit; 1 000 in all, the server's
// whole connection table) send a request line and then one header line every 2 s, never ending
// the head, and reconnect when closed, as an attacker would. Meanwhile a sixth address
// (127.0.0.7) must get GET /healthz 200 in under 3 s, at once and again after the server's head
// deadline has shed the trickling connections and they have come back; and a trickling
// connection must be closed by the server although it is never idle.
// Prints "slowloris: …" for docs/reliability.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { startServer, until, metric } from '../lib/server.mjs';

const ATTACKERS = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'];
const PER_ADDRESS = 200;
const HEAD_DEADLINE_MS = 10000; // server/http_conn_guard.h HEAD_DEADLINE_S
const TABLE_FULL = 800; // server/http_conn_guard.h CONN_LIMIT - CONN_RESERVED

let srv;
before(async () => { srv = await startServer({ seed: false }); });
after(async () => { await srv?.stop(); });

/** GET /healthz from one address on its own connection: {status, ms} (status 0: no answer in `timeout`). */
function healthz(localAddress, timeout = 3000) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const req = http.request({ host: '127.0.0.1', port: srv.port, path: '/healthz', localAddress, agent: false, timeout },
      (res) => { res.resume(); res.on('end', () => resolve({ status: res.statusCode, ms: Date.now() - t0 })); });
    req.on('timeout', () => { req.destroy(); resolve({ status: 0, ms: Date.now() - t0 }); });
    req.on('error', () => resolve({ status: 0, ms: Date.now() - t0 }));
    req.end();
  });
}

/** The attack: each address keeps up to PER_ADDRESS trickling sockets open, reopening closed ones. */
function attack() {
  const state = { running: true, sockets: new Set(), opened: 0, refusedAtOnce: 0, closedAtDeadline: 0, oldestClosedMs: 0 };
  const open = (address) => {
    if (!state.running) return;
    const s = net.connect({ port: srv.port, host: '127.0.0.1', localAddress: address });
    const openedAt = Date.now();
    let lines = 0;
    state.opened++;
    state.sockets.add(s);
    s.on('connect', () => s.write('GET /api/v1/editions HTTP/1.1\r\nHost: slow.example\r\n'));
    s.on('error', () => {});
    s.on('close', () => {
      state.sockets.delete(s);
      if (!state.running) return;
      const lived = Date.now() - openedAt;
      if (lived < 1000) state.refusedAtOnce++;
      else state.closedAtDeadline++;
      state.oldestClosedMs = Math.max(state.oldestClosedMs, lived);
      setTimeout(() => open(address), 200); // come back, as an attacker would
    });
    s.tick = () => { if (!s.destroyed && s.writable) s.write(`X-Line-${lines++}: ${'a'.repeat(20)}\r\n`); };
  };
  for (const a of ATTACKERS) for (let i = 0; i < PER_ADDRESS; i++) open(a);
  const ticker = setInterval(() => { for (const s of state.sockets) s.tick(); }, 2000);
  state.stop = () => {
    state.running = false;
    clearInterval(ticker);
    for (const s of state.sockets) s.destroy();
  };
  return state;
}

test('1 000 trickling connections from five addresses leave a sixth address served in under 3 s', { timeout: 90000 }, async () => {
  const siege = attack();
  try {
    // wait until the attack holds its sockets: every one connected or refused once
    await until('the attack to open its sockets', () => siege.opened >= ATTACKERS.length * PER_ADDRESS, 10000);
    // and until the server holds them up to its reserve: past 800 of its 1 000 connections, an
    // address holding many is refused (server/http_conn_guard.h CONN_LIMIT - CONN_RESERVED)
    const open = () => metric(srv.url, 'asamblea_http_connections_open');
    await until('the attack to fill the connection table up to its reserve', async () => (await open()) >= TABLE_FULL, 10000);
    // the sixth address asks again and again until the head deadline has shed the first wave …
    const shedBefore = await metric(srv.url, 'asamblea_http_slow_heads_closed_total');
    const probes = [];
    await until('the head deadline to shed the first wave', async () => {
      probes.push(await healthz('127.0.0.7'));
      return (await metric(srv.url, 'asamblea_http_slow_heads_closed_total')) > shedBefore;
    }, HEAD_DEADLINE_MS + 5000);
    // … and once more when the attackers have come back and filled the table again
    await until('the attackers to fill the connection table again', async () => (await open()) >= TABLE_FULL, 10000);
    probes.push(await healthz('127.0.0.7'));
    const slowest = Math.max(...probes.map((p) => p.ms));
    console.log(`slowloris: ${probes.length} requests from a sixth address beside 5 × ${PER_ADDRESS} trickling connections, ` +
      `${probes.filter((p) => p.status === 200).length} answered 200, slowest ${slowest} ms; ` +
      `${siege.closedAtDeadline} trickling connections shut down by the server (the longest lived ${(siege.oldestClosedMs / 1000).toFixed(1)} s), ` +
      `${siege.refusedAtOnce} refused at once, ${siege.opened} opened in all`);
    for (const p of probes) assert.equal(p.status, 200, `the sixth address got ${p.status || 'no answer'} after ${p.ms} ms`);
    assert.ok(slowest < 3000, `the sixth address waited ${slowest} ms`);
    assert.ok(siege.closedAtDeadline > 0, 'trickling connections are closed by the server although they are never idle');
    assert.ok(siege.oldestClosedMs < HEAD_DEADLINE_MS + 3000, `a trickling connection lived ${siege.oldestClosedMs} ms`);
  } finally {
    siege.stop();
  }
  // the server is still healthy once the attack ends
  const last = await healthz('127.0.0.1', 5000);
  assert.equal(last.status, 200);
});

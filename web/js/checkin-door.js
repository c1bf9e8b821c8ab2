// checkin-door.js — the door of one edition (and optionally one session), online or not: a
// scan goes to POST …/checkins with a client_id; when the server cannot be reached (no network,
// navigator.onLine false, a 5xx) the badge is verified on the device — signature with the
// edition's key, then the cached roster (exists, same badge revision, confirmed, not yet seen)
// — and the scan waits in the queue, sent in order once the server answers again (the server's
// client_id idempotency makes a resend safe). A 401 means the session ended: the door forgets
// the roster, key and marks (here and on the device) and refuses scans until staff signs in
// again; queued scans wait for that sign-in. No DOM here: checkin.js shows the outcomes.
//
// An outcome: {tone: 'ok' | 'already' | 'error', reason?, person?, at?, device?, offline, message?}
// where reason (for 'error') is a key of DOOR_REFUSAL in labels.js and person is
// {code, full_name, organization, attendee_type}.
import { ApiError } from './api.js';
import { badgeKey, checkIn, feedSince, fold, roster as fetchRoster } from './checkin-api.js';
import { TOKEN_VERSION_LEGACY, checkToken, classify, knownVersion, makeVerifier, parseToken } from './checkin-token.js';
import { openStore } from './checkin-store.js';

/** True when err means "no answer from the server" (retry later), not the server's refusal. */
export const unreachable = (err) => !(err instanceof ApiError)
  || err.status === 0 || err.status === 408 || err.status === 429 || err.status >= 500;

/** A fresh idempotency key: crypto.randomUUID() where the page is a secure context, else a v4 UUID by hand. */
export function clientId() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = Array.from(b, (v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const sameInstant = (a, b) => a && b && Date.parse(a) === Date.parse(b);
const person = (r) => r && { code: r.code, full_name: r.full_name, organization: r.organization, attendee_type: r.attendee_type };

export class Door {
  /** {slug, device, sessionId (null for the main door)} */
  constructor({ slug, device = '', sessionId = null }) {
    this.slug = slug;
    this.device = device;
    this.sessionId = sessionId || null;
    this.key = null;          // the badge-key answer, as cached
    this.verify = null;       // (payload, signature) → Promise<boolean>, or null
    this.rosterAt = null;     // when the cached roster was fetched (ISO)
    this.byId = new Map();
    this.byBadge = new Map(); // badge id → roster row (the tokens of badges made since badge ids)
    this.byCode = new Map();
    this.folded = new Map();  // roster id → its name, organization and code folded for search
    this.marks = new Map();   // code → {at, device}: seen at this door (this device, or answers)
    this.feed = new Map();    // code → [{at, device, session_id}] of the feed's "ok" scans
    this.feedNext = 0;
    this.online = navigator.onLine !== false;
    this.needsLogin = false;  // a 401: the roster is forgotten, queued scans wait for a new sign-in
  }

  get markPrefix() { return `${this.slug}|${this.sessionId || 0}|`; }

  /**
   * The server answered: the door is online, unless the browser has gone offline since (the
   * answer may have left before the 'offline' event; the event's word wins until 'online').
   */
  noteAnswer() { this.online = navigator.onLine !== false; }

  /** Reads what this device kept about the edition: key, roster, marks. */
  async load() {
    this.store = await openStore();
    const [key, roster, marks] = await Promise.all([
      this.store.get(`key:${this.slug}`), this.store.get(`roster:${this.slug}`), this.store.marks(this.markPrefix)]);
    if (key) await this.useKey(key);
    if (roster) this.useRoster(roster);
    for (const [k, v] of marks) this.marks.set(k.slice(this.markPrefix.length), v);
  }

  /**
   * The session ended (a 401): forgets the key, the roster, the marks and the feed, in memory and
   * on the device; queued scans stay (without names) for the next sign-in to send.
   */
  async signedOut() {
    this.needsLogin = true;
    this.online = true;
    this.key = null;
    this.verify = null;
    this.useRoster({ items: [], fetched_at: null });
    this.marks.clear();
    this.feed.clear();
    try { await this.store.forgetRoster(); } catch { /* the database is gone already */ }
  }

  async useKey(key) {
    this.key = key;
    try { this.verify = await makeVerifier(key.public_key); } catch { this.verify = null; }
  }

  useRoster(roster) {
    this.rosterAt = roster.fetched_at || null;
    this.byId = new Map(roster.items.map((r) => [r.id, r]));
    this.byBadge = new Map(roster.items.map((r) => [r.badge_id, r]));
    this.byCode = new Map(roster.items.map((r) => [r.code, r]));
    this.folded = new Map(roster.items.map((r) => [r.id, fold(`${r.full_name} ${r.organization || ''} ${r.code}`)]));
  }

  /** Roster rows whose name, organization or code hold every word of the query (any case, any accents), by name. */
  search(query) {
    const words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    return this.roster
      .filter((r) => words.every((w) => this.folded.get(r.id).includes(w)))
      .sort((a, b) => a.full_name.localeCompare(b.full_name, 'es'));
  }

  get roster() { return [...this.byId.values()]; }
  get ready() { return Boolean(this.key && this.rosterAt); }

  /** Fetches and keeps the key (it changes only with a new edition key). Throws ApiError. */
  async refreshKey() {
    const key = await badgeKey(this.slug);
    if (this.needsLogin) return;  // the session ended meanwhile: keep nothing
    if (!this.key || this.key.public_key !== key.public_key || !this.verify) await this.useKey(key);
    await this.store.set(`key:${this.slug}`, key);
    this.noteAnswer();
  }

  /** Fetches and keeps the roster. Throws ApiError. */
  async refreshRoster() {
    const roster = { ...(await fetchRoster(this.slug)), fetched_at: new Date().toISOString() };
    if (this.needsLogin) return;  // the session ended meanwhile: keep nothing
    this.useRoster(roster);
    await this.store.set(`roster:${this.slug}`, roster);
    this.noteAnswer();
  }

  /** Reads the feed's new scans (to tell at which door someone was first seen). Throws ApiError. */
  async pollFeed() {
    const { items, next } = await feedSince(this.slug, this.feedNext);
    this.feedNext = next;
    for (const i of items) {
      if (i.result !== 'ok') continue;
      if (!this.feed.has(i.code)) this.feed.set(i.code, []);
      this.feed.get(i.code).push({ at: i.at, device: i.device, session_id: i.session_id });
    }
    this.noteAnswer();
  }

  /**
   * When and where `code` was first let in at this door: {at, device}, from this device's marks
   * or the feed; `at` is the server's first_checked_in_at when there is one.
   */
  firstSeen(code, at = null) {
    const mark = this.marks.get(code);
    if (mark && mark.device && (!at || sameInstant(mark.at, at))) return { at: at || mark.at, device: mark.device };
    const here = (this.feed.get(code) || []).filter((s) => !this.sessionId || s.session_id === this.sessionId);
    const found = (at && here.find((s) => sameInstant(s.at, at))) || here[0];
    return { at: at || (mark && mark.at) || (found && found.at) || null, device: (found && found.device) || (mark && mark.device) || '' };
  }

  async remember(code, at, device) {
    const mark = { at, device: device || '' };
    this.marks.set(code, mark);
    try { await this.store.setMark(this.markPrefix + code, mark); } catch { /* kept in memory */ }
  }

  /** The cached roster row a scan is about, when the roster has it. */
  lookup(input) {
    if (input.kind === 'code') return this.byCode.get(input.value) || null;
    const t = parseToken(input.value);
    return (t && this.holder(t)) || null;
  }

  /** The cached roster row a token's holder id names (a registration id in version 1 tokens). */
  holder({ version, holderId }) {
    return (version === TOKEN_VERSION_LEGACY ? this.byId : this.byBadge).get(holderId);
  }

  /** What was scanned or typed → an outcome (null for an empty input). */
  async scan(text) {
    const input = classify(text);
    if (input.kind === 'empty') return null;
    const scan = {
      [input.kind]: input.value,
      client_id: clientId(),
      scanned_at: new Date().toISOString(),
      device: this.device || undefined,
      session_id: this.sessionId || undefined,
    };
    if (navigator.onLine !== false) {
      try {
        const answer = await checkIn(this.slug, scan);
        this.noteAnswer();
        this.needsLogin = false;
        return this.answered(answer, scan);
      } catch (err) {
        if (err.status === 401) {
          await this.signedOut();
          return { tone: 'error', reason: 'signed_out', offline: false };
        }
        if (!unreachable(err)) {
          this.noteAnswer();
          return this.refused(err, input);
        }
        this.online = false;
      }
    } else {
      this.online = false;
    }
    return this.offline(input, scan);
  }

  async answered(answer, scan) {
    const who = answer.registration;
    const row = this.byCode.get(who.code);
    if (row && !this.sessionId) row.checked_in = true;
    if (answer.result === 'ok') {
      await this.remember(who.code, answer.first_checked_in_at, scan.device);
      return { tone: 'ok', person: who, at: answer.first_checked_in_at, device: scan.device || '', offline: false };
    }
    let seen = this.firstSeen(who.code, answer.first_checked_in_at);
    if (!seen.device) {  // let in at another door since the last look at the feed
      try { await this.pollFeed(); } catch { /* the time alone will do */ }
      seen = this.firstSeen(who.code, answer.first_checked_in_at);
    }
    return { tone: 'already', person: who, at: seen.at, device: seen.device, offline: false };
  }

  /** The server said no (422, 404, 409, 400): why, in the door's terms. */
  async refused(err, input) {
    const out = { tone: 'error', offline: false, message: err.message };
    let row = this.lookup(input);
    if (err.status === 422) {
      out.reason = await this.whyInvalid(input, row);
      if (out.reason === 'revoked') out.person = person(row);
    } else if (err.status === 404) {
      out.reason = 'unknown_code';
    } else if (err.status === 409) {
      const told = err.body && err.body.registration; // the server says whom and why
      if (told && told.status) row = told;
      else if (!row || row.status === 'confirmed') {  // the cached roster is older than the change
        try { await this.refreshRoster(); row = this.lookup(input); } catch { /* say it generally */ }
      }
      out.reason = row && (row.status === 'cancelled' || row.status === 'waitlisted') ? row.status : 'not_confirmed';
      out.person = person(row);
    } else {
      out.reason = 'rejected';
    }
    return out;
  }

  /** Why a token the server refused is invalid, as far as this device can tell. */
  async whyInvalid(input, row) {
    const t = input.kind === 'token' ? parseToken(input.value) : null;
    if (!t || !knownVersion(t.version)) return 'malformed';
    if (this.key && t.editionId !== this.key.edition_id) return 'other_edition';
    if (row && t.revision < row.revision) return 'revoked';
    if (this.verify && (await this.verify(t.payload, t.signature))) return 'revoked';
    return 'forged';
  }

  /** The scan checked on this device, and queued when it lets the person in. */
  async offline(input, scan) {
    const fail = (reason, row = null) => ({ tone: 'error', reason, person: person(row), offline: true });
    if (this.needsLogin) return fail('signed_out');
    let row;
    if (input.kind === 'token') {
      if (!this.key) return fail('no_key');
      const check = await checkToken(input.value, { editionId: this.key.edition_id, verify: this.verify });
      if (!check.ok) {
        return fail({ malformed: 'malformed', version: 'malformed', edition: 'other_edition', signature: 'forged', unverifiable: 'unverifiable' }[check.reason]);
      }
      if (!this.rosterAt) return fail('no_roster');
      row = this.holder(check);
      if (!row) return fail('not_in_roster');
      if (row.revision !== check.revision) return fail('revoked', row);
    } else {
      if (!this.rosterAt) return fail('no_roster');
      row = this.byCode.get(input.value);
      if (!row) return fail('unknown_code');
    }
    if (row.status !== 'confirmed') return fail(row.status === 'cancelled' || row.status === 'waitlisted' ? row.status : 'not_confirmed', row);
    const mark = this.marks.get(row.code);
    if (mark || (!this.sessionId && row.checked_in)) {
      const seen = this.firstSeen(row.code);
      return { tone: 'already', person: person(row), at: seen.at, device: seen.device, offline: true };
    }
    await this.store.enqueue({ slug: this.slug, body: scan, code: row.code, name: row.full_name });
    await this.remember(row.code, scan.scanned_at, scan.device);
    if (!this.sessionId) row.checked_in = true;
    return { tone: 'ok', person: person(row), at: scan.scanned_at, device: scan.device || '', offline: true };
  }

  /** Scans still waiting for the server (every edition of this device). */
  pending() { return this.store ? this.store.queueLength() : Promise.resolve(0); }

  /**
   * Sends the queue in order: each answered entry leaves it (a refusal too, reported in
   * `refused`); the first "no answer" stops the round. → {sent, refused: [{entry, message}],
   * stopped: null | 'offline' | 'login', pending}.
   */
  sync() {
    if (this.syncing) return this.syncing;
    this.syncing = (async () => {
      const refused = [];
      let sent = 0;
      let stopped = null;
      for (const entry of await this.store.queued()) {
        try {
          let answer;
          try {
            answer = await checkIn(entry.slug, entry.body);
          } catch (err) {
            // a device clock far ahead of the server's: send it again with the server's time
            if (err.status !== 400 || err.field !== 'scanned_at') throw err;
            answer = await checkIn(entry.slug, { ...entry.body, scanned_at: undefined });
          }
          await this.store.dequeue(entry.seq);
          sent += 1;
          const mark = entry.slug === this.slug && this.marks.get(answer.registration.code);
          if (mark && (entry.body.session_id || null) === this.sessionId) {
            await this.remember(answer.registration.code, answer.first_checked_in_at, mark.device);
          }
        } catch (err) {
          if (err.status === 401) { await this.signedOut(); stopped = 'login'; break; }
          if (unreachable(err)) { this.online = false; stopped = 'offline'; break; }
          await this.store.dequeue(entry.seq);
          refused.push({ entry, message: err.message, status: err.status });
        }
      }
      if (sent || refused.length) { this.noteAnswer(); this.needsLogin = stopped === 'login'; }
      return { sent, refused, stopped, pending: await this.store.queueLength() };
    })().finally(() => { this.syncing = null; });
    return this.syncing;
  }
}

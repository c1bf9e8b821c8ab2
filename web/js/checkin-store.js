// checkin-store.js — what the door keeps on the device so it can go on without the server:
// IndexedDB database "asamblea-puerta" with three stores —
//   kv     the edition's public key ("key:{slug}") and roster ("roster:{slug}"), as last fetched;
//   queue  scans made while the server could not be reached, in order (auto-increment "seq"):
//          {seq, slug, body: {token|code, client_id, scanned_at, device, session_id}, name};
//   marks  who this device has seen enter ("{slug}|{session or 0}|{code}" → {at, device}), so a
//          second offline scan shows "ya registrado".
// Where IndexedDB is unavailable (some private windows) the same calls work in memory for the
// page's lifetime. Nothing stays on a shared phone after its session: signing out erases the
// whole database (eraseStore); a session found ended (401) forgets the roster, key and marks and
// keeps only the queued scans, without names, for the next sign-in to send (forgetRoster).

const NAME = 'asamblea-puerta';
const VERSION = 1;

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function openDb() {
  if (!globalThis.indexedDB) return Promise.reject(new Error('indexeddb_unavailable'));
  const req = indexedDB.open(NAME, VERSION);
  req.onupgradeneeded = () => {
    const db = req.result;
    if (!db.objectStoreNames.contains('kv')) db.createObjectStore('kv');
    if (!db.objectStoreNames.contains('queue')) db.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
    if (!db.objectStoreNames.contains('marks')) db.createObjectStore('marks');
  };
  return promised(req).then((db) => {
    // another tab erasing the database: let it go (this tab opens it again when it needs it)
    db.onversionchange = () => { db.close(); opened = null; };
    return db;
  });
}

/** A queued scan as kept after the session ended: what the server needs, not whom it was. */
const withoutName = ({ name, ...entry }) => entry;

/** The same interface over Maps, when IndexedDB cannot be opened. */
function memoryStore() {
  const kv = new Map();
  const marks = new Map();
  const queue = new Map();
  let seq = 0;
  return {
    persistent: false,
    get: async (key) => kv.get(key),
    set: async (key, value) => { kv.set(key, value); },
    mark: async (key) => marks.get(key),
    setMark: async (key, value) => { marks.set(key, value); },
    marks: async (prefix) => [...marks].filter(([k]) => k.startsWith(prefix)),
    enqueue: async (entry) => { seq += 1; queue.set(seq, { ...entry, seq }); return seq; },
    queued: async () => [...queue.values()],
    dequeue: async (n) => { queue.delete(n); },
    queueLength: async () => queue.size,
    forgetRoster: async () => {
      kv.clear();
      marks.clear();
      for (const [n, entry] of queue) queue.set(n, withoutName(entry));
    },
    erase: async () => { kv.clear(); marks.clear(); queue.clear(); },
  };
}

function idbStore(db) {
  // Set by erase(): the page is signing out and the device's data is gone on purpose. A round
  // still in flight (a scan being shown, the 15-second sync) then finds an empty store instead of
  // a closing database that throws.
  let gone = false;
  /** fn's request in one transaction of store; `empty` is the answer once the store is gone. */
  const run = (store, mode, fn, empty) => (gone ? Promise.resolve(empty) : new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const result = fn(tx.objectStore(store));
    tx.oncomplete = () => resolve(result && 'result' in result ? result.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  }));
  return {
    persistent: true,
    get: (key) => run('kv', 'readonly', (s) => s.get(key)),
    set: (key, value) => run('kv', 'readwrite', (s) => s.put(value, key)),
    mark: (key) => run('marks', 'readonly', (s) => s.get(key)),
    setMark: (key, value) => run('marks', 'readwrite', (s) => s.put(value, key)),
    /** [[key, value]] of the marks whose key starts with prefix. */
    marks: async (prefix) => {
      const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
      const [keys, values] = await Promise.all([
        run('marks', 'readonly', (s) => s.getAllKeys(range), []),
        run('marks', 'readonly', (s) => s.getAll(range), []),
      ]);
      return keys.map((k, i) => [k, values[i]]);
    },
    enqueue: (entry) => run('queue', 'readwrite', (s) => s.add(entry)),
    queued: () => run('queue', 'readonly', (s) => s.getAll(), []),
    dequeue: (seq) => run('queue', 'readwrite', (s) => s.delete(seq)),
    queueLength: () => run('queue', 'readonly', (s) => s.count(), 0),
    /** Empties kv and marks, and takes the names out of the queued scans, in one transaction. */
    forgetRoster: () => new Promise((resolve, reject) => {
      if (gone) {
        resolve();
        return;
      }
      const tx = db.transaction(['kv', 'marks', 'queue'], 'readwrite');
      tx.objectStore('kv').clear();
      tx.objectStore('marks').clear();
      tx.objectStore('queue').openCursor().onsuccess = (ev) => {
        const cursor = ev.target.result;
        if (!cursor) return;
        if ('name' in cursor.value) cursor.update(withoutName(cursor.value));
        cursor.continue();
      };
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    }),
    /**
     * Closes and deletes the database. Resolves once it is gone, or once the deletion only
     * waits for another tab to let go of it (a tab of this version lets go at once).
     */
    erase: () => new Promise((resolve, reject) => {
      gone = true;
      db.close();
      const req = indexedDB.deleteDatabase(NAME);
      req.onsuccess = () => resolve();
      req.onblocked = () => resolve();
      req.onerror = () => reject(req.error);
    }),
  };
}

let opened = null;

/** The device's store (opened once per page). */
export function openStore() {
  if (!opened) opened = openDb().then(idbStore, () => memoryStore());
  return opened;
}

/** Erases everything the door keeps on this device; a later openStore() starts empty. */
export async function eraseStore() {
  const store = await openStore();
  opened = null;
  await store.erase();
}

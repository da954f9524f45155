/**
 * Outbox schema: the one module that knows the IndexedDB store names and upgrades.
 * Layering (STYLE 14): db (this) → store → sync → wiring (app/, service worker).
 * @module outbox/db
 */

export const DB_NAME = 'juror-outbox';
export const RECORDS = 'records';
export const PHOTOS = 'photos';
export const META = 'meta';
/** What became of each photo's upload (outbox/photo_marks.js), apart from its bytes. */
export const MARKS = 'photo_marks';

/**
 * Each entry upgrades from version i to i+1, inside the upgrade transaction `tx`; never
 * edit a shipped entry, append one. An upgrade runs once per phone, before any page or the
 * service worker can read the records.
 */
const UPGRADES = [
  (db) => {
    const records = db.createObjectStore(RECORDS, { keyPath: 'client_id' });
    records.createIndex('state', 'state');
    records.createIndex('created_at', 'created_at');
    const photos = db.createObjectStore(PHOTOS, { keyPath: 'id' });
    photos.createIndex('client_id', 'client_id');
    db.createObjectStore(META, { keyPath: 'key' });
  },
  (db, tx) => {
    // An earlier version kept a message waiting for its reply as a 'draft', never sent;
    // now it goes to the server at once as awaiting_reply. Left a draft, no sync would
    // ever pick it up, so the send time — the evidence — would live only on this phone.
    const records = tx.objectStore(RECORDS);
    records.index('state').openCursor('draft').onsuccess = (event) => {
      const cursor = event.target.result;
      if (!cursor) return;
      cursor.update({ ...cursor.value, state: 'pending', attempts: 0, next_attempt_at: 0,
        contact_sent: false });
      cursor.continue();
    };
  },
  (db) => {
    // A photo's marks (sending, uploaded, refused) were written into the photo itself, so
    // every mark rewrote its bytes: on a full phone the write failed and the pass stalled.
    // Marks set before stay on their photos and still count (photo_marks.js withMarks:
    // this store's entry wins), so nothing is copied here.
    db.createObjectStore(MARKS, { keyPath: 'id' });
  },
];
export const DB_VERSION = UPGRADES.length;

/** The stores this code reads and writes. */
const NEEDED = [RECORDS, PHOTOS, META, MARKS];

/**
 * Errors of the phone's storage rather than of the code: full (QuotaExceededError, or a
 * transaction aborted at commit for it), a disk failure (UnknownError), a connection gone.
 */
const STORAGE_FAILURES = ['QuotaExceededError', 'UnknownError', 'AbortError', 'InvalidStateError'];
export const isStorageFailure = (error) => STORAGE_FAILURES.includes(error?.name);

/** The phone's database lacks a store this (older) code needs: only a reload can help. */
export class OutboxTooNewError extends Error {
  constructor(version) {
    super(`outbox database version ${version} lacks the stores of version ${DB_VERSION}`);
    this.name = 'OutboxTooNewError';
    this.version = version;
  }
}

/**
 * Open (and if needed upgrade) the outbox database. A database a newer release has already
 * upgraded (another tab, its worker, or a release since rolled back) is opened at its own
 * version: asking for a lower one fails with VersionError, and nothing could be saved or
 * sent. That works because an upgrade only ever adds (stores, indexes, fields) and leaves
 * what an older release writes meaning what it meant — an older release may be rolled back
 * to, and its open tabs keep writing until reloaded. When a store this code needs is gone,
 * it rejects with OutboxTooNewError.
 * @param {IDBFactory} [factory] indexedDB implementation (tests pass fake-indexeddb)
 * @param {string} [name]
 * @returns {Promise<IDBDatabase>}
 */
export async function openDb(factory = globalThis.indexedDB, name = DB_NAME) {
  try {
    return await openAt(factory, name, DB_VERSION);
  } catch (error) {
    if (error?.name !== 'VersionError') throw error;
  }
  const db = await openAt(factory, name);
  if (NEEDED.every((store) => db.objectStoreNames.contains(store))) return db;
  db.close();
  throw new OutboxTooNewError(db.version);
}

/** One open request; without a version, the database as it is. */
function openAt(factory, name, version) {
  return new Promise((resolve, reject) => {
    const request = version ? factory.open(name, version) : factory.open(name);
    request.onupgradeneeded = (event) => {
      // Opened as it is, but gone meanwhile: not this code's to create at the wrong version.
      if (!version) { request.transaction.abort(); return; }
      for (let v = event.oldVersion; v < DB_VERSION; v += 1) {
        UPGRADES[v](request.result, request.transaction);
      }
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab or the service worker upgrading: step aside instead of blocking it.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('outbox database blocked by an older tab'));
  });
}

/**
 * The page's connection, opened again whenever it was closed: a newer release's tab or
 * worker upgrading the database closes every older connection (it must, or the upgrade
 * waits for ever), and a page opened once at boot then failed every save until reloaded —
 * which emptied the form being typed. `onNewer` hears of such an upgrade (the page asks
 * the juror to reload when convenient: its code is now older than the phone's data).
 * Every outbox function takes this in place of an IDBDatabase (transact asks `get`).
 * @param {() => Promise<IDBDatabase>} [open]
 * @param {(newVersion: number|null) => void} [onNewer]
 */
export function reopening(open = () => openDb(), onNewer = () => {}) {
  let current = null;
  function get() {
    current ??= open().then((db) => {
      db.onversionchange = (event) => {
        current = null;
        db.close();
        if (event.newVersion > db.version) onNewer(event.newVersion);
      };
      db.onclose = () => { current = null; }; // closed by the browser (storage cleared)
      return db;
    }, (error) => {
      current = null;
      throw error;
    });
    return current;
  }
  return { get };
}

/**
 * Promise for one IDBRequest.
 * @template T
 * @param {IDBRequest<T>} request
 * @returns {Promise<T>}
 */
export function req(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Run `work` in one transaction and resolve with its result once the transaction commits.
 * `work` may only touch IndexedDB: never await a network call in here (STYLE 17),
 * or the transaction auto-commits half-way.
 * @template T
 * @param {IDBDatabase|ReturnType<typeof reopening>} db
 * @param {string[]} stores
 * @param {IDBTransactionMode} mode
 * @param {(tx: IDBTransaction) => Promise<T>|T} work
 * @returns {Promise<T>}
 */
export async function transact(db, stores, mode, work) {
  const tx = await begin(db, stores, mode);
  return new Promise((resolve, reject) => {
    let result;
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
    Promise.resolve()
      .then(() => work(tx))
      .then((value) => { result = value; })
      .catch((error) => {
        try { tx.abort(); } catch { /* already finished */ }
        reject(error);
      });
  });
}

/** A transaction on the connection, or on the holder's, reopened once if it closed just now. */
async function begin(db, stores, mode) {
  if (typeof db.get !== 'function') return db.transaction(stores, mode);
  try {
    return (await db.get()).transaction(stores, mode);
  } catch (error) {
    if (error?.name !== 'InvalidStateError') throw error;
    return (await db.get()).transaction(stores, mode); // closed between get and here
  }
}

/**
 * Outbox schema: the one module that knows the IndexedDB store names and upgrades.
 * Layering (STYLE 14): db (this) → store → sync → wiring (app/, service worker).
 * @module outbox/db
 */

export const DB_NAME = 'juror-outbox';
export const RECORDS = 'records';
export const PHOTOS = 'photos';
export const META = 'meta';

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
];
export const DB_VERSION = UPGRADES.length;

/**
 * Open (and if needed upgrade) the outbox database.
 * @param {IDBFactory} [factory] indexedDB implementation (tests pass fake-indexeddb)
 * @param {string} [name]
 * @returns {Promise<IDBDatabase>}
 */
export function openDb(factory = globalThis.indexedDB, name = DB_NAME) {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, DB_VERSION);
    request.onupgradeneeded = (event) => {
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
 * @param {IDBDatabase} db
 * @param {string[]} stores
 * @param {IDBTransactionMode} mode
 * @param {(tx: IDBTransaction) => Promise<T>|T} work
 * @returns {Promise<T>}
 */
export function transact(db, stores, mode, work) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(stores, mode);
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

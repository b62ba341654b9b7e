// PGlite has one session. PGLiteSocketServer queues the protocol messages of all connections and
// keeps one connection's messages together only while a transaction is open. Outside a
// transaction, an extended-protocol exchange (Parse, Bind, Describe, Execute … Sync) from one
// connection could interleave with another's and clobber the unnamed statement and portal
// ("portal "" does not exist" under concurrent queries). This patch keeps a connection's messages
// together until its Sync (or simple Query) has run, so each exchange executes as one unit.
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(err: unknown): void;
  onData(data: Uint8Array): void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue(): Promise<void>;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'

export function keepExchangesTogether(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  let midExchange = false;

  queue.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    while (this.queue.length > 0) {
      const sticky = (midExchange || this.db.isInTransaction()) && this.lastHandlerId !== null;
      const index = sticky ? this.queue.findIndex((m) => m.handlerId === this.lastHandlerId) : 0;
      if (index === -1) break; // wait for the rest of this connection's exchange
      const item = this.queue.splice(index, 1)[0];
      const type = item.message[0];
      let bytes = 0;
      try {
        await this.db.runExclusive(() => this.db.execProtocolRawStream(item.message, { onRawData: (d: Uint8Array) => { bytes += d.length; item.onData(d); } }));
      } catch (err) {
        midExchange = false;
        this.processing = false;
        item.reject(err);
        return;
      }
      // Startup packets carry no type byte; they are complete on their own.
      midExchange = item.message.length > 0 && type !== SYNC && type !== QUERY && isExtendedMessage(type);
      this.lastHandlerId = item.handlerId;
      item.resolve(bytes);
    }
    this.processing = false;
  };

  const clear = queue.clearTransactionIfNeeded.bind(queue);
  queue.clearTransactionIfNeeded = async function (handlerId: number): Promise<void> {
    // A connection that went away mid-exchange must not hold the queue.
    if (queue.lastHandlerId === handlerId && midExchange) {
      midExchange = false;
      queue.lastHandlerId = null;
      await clear(handlerId);
      await queue.processQueue();
      return;
    }
    await clear(handlerId);
  };
}

// Parse, Bind, Describe, Execute, Close, Flush: the frontend messages that precede a Sync.
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48].map((c) => c));
const isExtendedMessage = (type: number | undefined) => type !== undefined && EXTENDED.has(type);

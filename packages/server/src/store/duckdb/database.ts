import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Logger } from '../../log/logger.ts';
import { Serial } from '../serial.ts';
import { StoreUnavailableError } from '../store.ts';

/**
 * DuckDB's word for "this instance is done": after a fatal error (a checkpoint that hit a full disk,
 * say) it marks the database invalidated and refuses every later statement on every connection,
 * even once the cause is gone, until the database is opened again. Committed data is safe: it is
 * in the WAL, which opening replays (issue 14 item 1).
 */
export const isFatal = (error: unknown): boolean =>
  error instanceof Error && /database has been invalidated|^FATAL Error/m.test(error.message);

/**
 * DuckDB's fatal error for a COMMIT that is durable (its WAL is written) but whose automatic
 * checkpoint failed (a full disk): the transaction's data is stored, and reopening replays it.
 */
export const isCommittedThenFatal = (error: unknown): boolean =>
  error instanceof Error && /Transaction COMMIT succeeded and is durable/.test(error.message);

/**
 * A connection and the queue its statements take turns in (it runs one at a time): each task is
 * given the connection in use when it starts.
 */
export class SerialConnection extends Serial {
  /** Set by the database: replaced when it is opened again. */
  conn: DuckDBConnection;
  constructor(conn: DuckDBConnection, onError: (error: unknown) => void) {
    super(onError);
    this.conn = conn;
  }
  override run<T>(task: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    return super.run(() => task(this.conn));
  }
}

export interface DatabaseOptions {
  path: string;
  settings: Record<string, string>;
  /** Statements every fresh writer connection needs (its temp tables). */
  onConnect(writer: DuckDBConnection): Promise<void>;
  logger?: Logger;
}

// Reopening waits this long after a failed attempt, doubling up to the cap: a full disk is usually
// grown or cleaned within minutes, and an attempt costs one WAL replay.
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5000;

/**
 * The DuckDB instance and the store's two connections (the writer, and the reader for queries),
 * reopened in place when DuckDB invalidates the database. While it is down every call is refused
 * with StoreUnavailableError (503 with Retry-After), not a 500 loop; it keeps trying to reopen
 * until it works or the store is closed, and /healthz answers 503 meanwhile so a supervisor sees it.
 */
export class Database {
  private instance: DuckDBInstance;
  readonly writer: SerialConnection;
  readonly reader: SerialConnection;
  /** Why the database is down, while it is; undefined when it works. */
  private down: Error | undefined;
  private recovering: Promise<void> | undefined;

  private constructor(
    private readonly options: DatabaseOptions,
    instance: DuckDBInstance,
    writer: DuckDBConnection,
    reader: DuckDBConnection,
  ) {
    this.instance = instance;
    const onError = (error: unknown) => {
      if (isFatal(error)) this.fail(error as Error);
    };
    this.writer = new SerialConnection(writer, onError);
    this.reader = new SerialConnection(reader, onError);
  }

  static async open(options: DatabaseOptions): Promise<Database> {
    const instance = await DuckDBInstance.create(options.path, options.settings);
    const writer = await instance.connect();
    const reader = await instance.connect();
    await options.onConnect(writer);
    return new Database(options, instance, writer, reader);
  }

  /** Throws once the store is closed, and StoreUnavailableError while the database is down. */
  check(): void {
    this.writer.check();
    if (this.down) throw unavailable(this.down);
  }

  /**
   * The error a caller should see: while the database is down or the disk is full, a
   * StoreUnavailableError (the call may work shortly); anything else as it is.
   */
  explain(error: unknown): unknown {
    if (error instanceof StoreUnavailableError) return error;
    if (isFatal(error)) return unavailable(error as Error);
    // Whatever a call met while the database was being reopened (a closed connection, say).
    if (this.down) return unavailable(this.down);
    if (error instanceof Error && /No space left on device/i.test(error.message))
      return new StoreUnavailableError(
        `the embedded store's disk is full, so nothing was stored; free or add space (${firstLine(error)})`,
        {
          cause: error,
        },
      );
    return error;
  }

  /** Notes a fatal error and starts reopening (once, however many calls saw it). */
  fail(error: Error): void {
    if (this.down || this.writer.closed) return;
    this.down = error;
    this.options.logger?.error({
      msg: 'the embedded store hit a fatal error and refuses every call until it is reopened; reopening it from its WAL',
      error: firstLine(error),
    });
    this.recovering = this.recover();
  }

  private async recover(): Promise<void> {
    // Calls already queued fail on the invalidated connections; let them drain first.
    await Promise.all([this.writer.idle(), this.reader.idle()]);
    for (let attempt = 1, wait = RETRY_FIRST_MS; !this.writer.closed; attempt++, wait = Math.min(wait * 2, RETRY_MAX_MS)) {
      this.release();
      try {
        const instance = await DuckDBInstance.create(this.options.path, this.options.settings);
        const writer = await instance.connect();
        const reader = await instance.connect();
        await this.options.onConnect(writer);
        this.instance = instance;
        this.writer.conn = writer;
        this.reader.conn = reader;
        this.down = undefined;
        this.options.logger?.warn({ msg: 'the embedded store is open again; acknowledged events were replayed from its WAL', attempt });
        return;
      } catch (error) {
        this.options.logger?.error({
          msg: `the embedded store could not be reopened (attempt ${attempt}); trying again in ${wait} ms`,
          error: firstLine(error),
        });
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** Closes the connections and instance, ignoring errors: an invalidated one refuses even that. */
  private release(): void {
    for (const close of [() => this.writer.conn.closeSync(), () => this.reader.conn.closeSync(), () => this.instance.closeSync()]) {
      try {
        close();
      } catch {
        // Already closed or invalidated: nothing more to release.
      }
    }
  }

  /**
   * Runs `last` on the writer (the final fold and checkpoint) and releases the database. Never
   * throws: a database that is down has its data in the WAL already, and the next open replays it.
   */
  async close(last: (writer: DuckDBConnection) => Promise<void>): Promise<void> {
    if (this.writer.closed) return;
    // Both queues refuse new calls from here on; what they hold runs first.
    const drained = Promise.all([this.writer.close(), this.reader.close()]);
    await this.recovering;
    if (!this.down) {
      await drained;
      await last(this.writer.conn).catch((error) => {
        this.options.logger?.warn({
          msg: 'the embedded store could not checkpoint at close; the next open replays its WAL',
          error: firstLine(error),
        });
      });
    }
    this.release();
  }
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

function unavailable(cause: Error): StoreUnavailableError {
  return new StoreUnavailableError(
    `the embedded store is reopening after a fatal error (${firstLine(cause)}); nothing was stored, retry shortly`,
    { cause },
  );
}

import { CowList } from './cowlist';

/**
 * A file on a node's disk, as the OS sees it: everything written is in the page cache at once
 * (`length`), only what was fsynced or written back by the OS survives a power loss
 * (`durableLength`). A process crash keeps the page cache, because the kernel still owns it.
 *
 * Linux writes a dirty inode back once it has been dirty for vm.dirty_expire_centisecs = 3000
 * (30 s), checked by the flusher every vm.dirty_writeback_centisecs = 500 (5 s). The kernel keeps
 * one dirtied-when time per inode, and writes back all of an expired inode's pages, so an appended
 * log becomes durable in steps roughly every 30-35 s unless the system fsyncs first.
 */
export const DIRTY_EXPIRE_MS = 30_000; // vm.dirty_expire_centisecs = 3000
export const DIRTY_WRITEBACK_INTERVAL_MS = 5_000; // vm.dirty_writeback_centisecs = 500

export interface FileState<T> {
  entries: CowList<T>;
  /**
   * cumBytes[i] = bytes up to and including entry i; entry i starts at cumBytes[i-1] (0 for i=0).
   * Empty while `fixedBytes` holds.
   */
  cumBytes: CowList<number>;
  /**
   * > 0 while every entry has exactly this size (a log of equal records): offsets are then
   * computed, not kept. The first entry of another size turns cumBytes on for good.
   */
  fixedBytes: number;
  durableLength: number;
  /** When the file first became dirty since its last writeback or fsync; null when clean. */
  dirtySince: number | null;
}

/** An empty file; `fixedBytes` > 0 for a file whose entries will all have that size (see FileState). */
/** `doubles`: entries are mostly numbers beyond small integers (CowList's EMPTY_DOUBLES). */
export function newFile<T>(fixedBytes = 0, doubles = false): FileState<T> {
  return { entries: new CowList<T>([], doubles), cumBytes: new CowList<number>(), fixedBytes, durableLength: 0, dirtySince: null };
}

export function fileLength(f: FileState<unknown>): number {
  return f.entries.length;
}

/** Bytes in the first `n` entries (the byte offset where entry n starts). */
export function bytesBefore(f: FileState<unknown>, n: number): number {
  if (n <= 0) return 0;
  if (f.fixedBytes > 0) return Math.min(n, f.entries.length) * f.fixedBytes;
  return f.cumBytes.get(Math.min(n, f.cumBytes.length) - 1);
}

export function fileBytes(f: FileState<unknown>): number {
  return bytesBefore(f, f.entries.length);
}

export function durableBytes(f: FileState<unknown>): number {
  return bytesBefore(f, f.durableLength);
}

export function appendEntry<T>(f: FileState<T>, entry: T, bytes: number, now: number): number {
  if (f.fixedBytes > 0 && bytes !== f.fixedBytes) {
    for (let i = 1; i <= f.entries.length; i++) f.cumBytes.push(i * f.fixedBytes);
    f.fixedBytes = 0;
  }
  if (f.fixedBytes === 0) f.cumBytes.push(fileBytes(f) + bytes);
  f.entries.push(entry);
  if (f.dirtySince === null) f.dirtySince = now;
  return f.entries.length - 1;
}

/** Keeps the first `length` entries (a log truncation). What was durable beyond it is gone too. */
export function truncateFile(f: FileState<unknown>, length: number): void {
  if (length >= f.entries.length) return;
  f.entries.truncate(length);
  f.cumBytes.truncate(length);
  f.durableLength = Math.min(f.durableLength, length);
}

/** fsync: everything in the page cache is on disk. */
export function fsyncFile(f: FileState<unknown>): void {
  f.durableLength = f.entries.length;
  f.dirtySince = null;
}

/** The OS flusher's periodic pass. */
export function writebackExpired(f: FileState<unknown>, now: number): void {
  if (f.dirtySince !== null && now - f.dirtySince >= DIRTY_EXPIRE_MS) fsyncFile(f);
}

/** Power loss: the page cache is gone; the file is what reached the disk. */
export function dropPageCache(f: FileState<unknown>): void {
  f.entries.truncate(f.durableLength);
  f.cumBytes.truncate(f.durableLength);
  f.dirtySince = null;
}

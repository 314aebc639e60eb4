// Consistent copies of the embedded database while the bot runs, with SQLite's online backup (which
// better-sqlite3 exposes as db.backup). The copy is made on a connection of its own, read-only, so it
// works from another process (npm run backup) as well as from the bot's own schedule.
import { accessSync, constants, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";

/**
 * SQLite restarts an online backup when another connection writes to the source between two steps.
 * Pages per step after the first: all of them, so that a backup made during a storm of votes is one
 * pass over the file (a read transaction in WAL mode, which writers do not wait for) and cannot be
 * restarted for ever.
 */
const ALL_REMAINING_PAGES = 1_000_000_000;

export class BackupPathError extends Error {}

/** Checks that `dir` exists or can be made, and that files can be written in it. */
export function checkWritableDirectory(dir: string, setting: string): string {
  const path = resolve(dir);
  try {
    mkdirSync(path, { recursive: true });
    accessSync(path, constants.W_OK);
    // access() says yes to root on a read-only mount; writing says the truth.
    const probe = join(path, `.write-test-${process.pid}`);
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
    throw new BackupPathError(`${setting}: backups cannot be written to ${path} (${code}); give a directory the bot may write to.`);
  }
  return path;
}

export interface BackupResult {
  path: string;
  bytes: number;
  milliseconds: number;
}

/** Copies the database at `source` to `destination` (written beside it first, then renamed into place). */
export async function backupSqlite(source: string, destination: string): Promise<BackupResult> {
  const started = performance.now();
  const target = resolve(destination);
  checkWritableDirectory(dirname(target), "backup destination");
  const partial = `${target}.partial`;
  const db = new Database(resolve(source), { readonly: true, fileMustExist: true });
  try {
    await db.backup(partial, { progress: () => ALL_REMAINING_PAGES });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
  const copy = new Database(partial, { readonly: true });
  try {
    const check = copy.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new Error(`the backup failed its check: ${String(check)}`);
  } finally {
    copy.close();
  }
  renameSync(partial, target);
  return { path: target, bytes: statSync(target).size, milliseconds: Math.round(performance.now() - started) };
}

const STAMP = /^(.*)-(\d{8}T\d{6}Z)\.db$/;

/** A backup file name in `dir` for the time `at`, such as consensus-20261201T030000Z.db. */
export function backupFileName(databasePath: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  return `${basename(databasePath).replace(/\.db$/, "")}-${stamp}.db`;
}

/** Removes the oldest backups of this database in `dir`, keeping `keep`. Returns the names removed. */
export function pruneBackups(dir: string, databasePath: string, keep: number): string[] {
  const prefix = basename(databasePath).replace(/\.db$/, "");
  const ours = readdirSync(dir)
    .filter((name) => STAMP.exec(name)?.[1] === prefix)
    .sort();
  const removed = ours.slice(0, Math.max(0, ours.length - keep));
  for (const name of removed) rmSync(join(dir, name), { force: true });
  return removed;
}

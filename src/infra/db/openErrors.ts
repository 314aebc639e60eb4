// Why a database could not be opened, in one line an operator can act on. The start then stops with
// that line and an exit code instead of a driver's stack trace (src/main.ts).
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { EditedMigrationError, NewerSchemaError } from "./migrate.ts";

/** A database that is misconfigured, cannot be reached or opened, or is not a database of ours. */
export class DatabaseConfigError extends Error {}

const code = (error: unknown): string => (typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : "");

/**
 * Creates the missing folders of a database path one level at a time. `mkdirSync(…, { recursive })`
 * never returns for a path under /proc on Node 20 (it loops on ENOENT), which would hang the start.
 */
export function ensureFolderOf(path: string): void {
  const missing: string[] = [];
  for (let dir = dirname(path); !existsSync(dir); dir = dirname(dir)) {
    if (dirname(dir) === dir) break;
    missing.unshift(dir);
  }
  for (const dir of missing) mkdirSync(dir);
  const folder = dirname(path);
  if (existsSync(folder) && !statSync(folder).isDirectory()) throw Object.assign(new Error(`${folder} is not a folder`), { code: "ENOTDIR" });
}

/** Turns what the file system or SQLite threw while opening `path` into a DatabaseConfigError. */
export function sqliteOpenFailure(path: string, error: unknown): DatabaseConfigError {
  if (error instanceof DatabaseConfigError) return error;
  const why = (text: string) => new DatabaseConfigError(`Cannot open the database ${path}: ${text}`);
  if (error instanceof NewerSchemaError || error instanceof EditedMigrationError) return why(`${error.message}.`);
  if (existsSync(path) && statSync(path).isDirectory()) return why("it is a folder. Give the path of a database file (it is created if it does not exist).");
  switch (code(error)) {
    case "SQLITE_NOTADB":
      return why("the file is not an SQLite database. Give another path, or move the file away to start a new database there.");
    case "SQLITE_CORRUPT":
      return why("the file is damaged (SQLite finds it malformed). Restore it from a backup.");
    case "SQLITE_READONLY":
    case "SQLITE_READONLY_DIRECTORY":
    case "EROFS":
      return why("it can only be read, and the bot needs to write to it. Give a writable path.");
    case "EACCES":
    case "EPERM":
    case "SQLITE_PERM":
      return why("permission denied. Give a path in a folder this user may write to.");
    case "ENOTDIR":
    case "EEXIST":
      return why("part of the path is a file, not a folder. Give a path whose folders are folders.");
    case "SQLITE_BUSY":
      return why("another process has held it locked for too long. Stop the other process, or wait and start again.");
    case "SQLITE_CANTOPEN":
      return why("SQLite cannot open or create the file there. Check that the folder exists and can be written to.");
    case "SQLITE_FULL":
    case "ENOSPC":
      return why("the disk is full. Free some space and start again.");
    default:
      return why(error instanceof Error ? error.message : String(error));
  }
}

// npm run backup -- <file>   a consistent copy of the SQLite database while the bot runs (online backup)
// npm run restore -- <file>  puts a backup in place of the database; the bot must be stopped first
// Both act on DATABASE_URL (default data/consensus.db), or on --db PATH. PostgreSQL: use pg_dump and
// pg_restore (docs/deployment.md).
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { BackupPathError, backupSqlite, checkWritableDirectory } from "./infra/db/backup.ts";
import { unknownMigrations } from "./infra/db/migrate.ts";
import { DEFAULT_DATABASE } from "./infra/db/openDatabase.ts";

const USAGE = "Usage: npm run backup -- <backup file> [--db PATH]   |   npm run restore -- <backup file> [--db PATH]";

function databasePath(args: string[]): { path: string; rest: string[] } | string {
  const at = args.indexOf("--db");
  const fromFlag = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !fromFlag) return "--db needs a path";
  const rest = at >= 0 ? args.filter((_, i) => i !== at && i !== at + 1) : args;
  const url = fromFlag ?? process.env["DATABASE_URL"] ?? DEFAULT_DATABASE;
  if (/^postgres(ql)?:\/\//i.test(url)) return "DATABASE_URL is a PostgreSQL database: back it up with pg_dump, restore it with pg_restore (docs/deployment.md).";
  return { path: resolve(url.replace(/^file:/, "")), rest };
}

/** Checks that a file is a whole SQLite database of this bot, migrated no further than this build knows. */
function checkBackup(file: string): string | null {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") return `${file} fails SQLite's integrity check: ${String(integrity)}`;
    const applied = (db.prepare(`SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`).all() as { name: string }[]).map((r) => r.name);
    const unknown = unknownMigrations(applied);
    if (unknown.length) return `${file} was made by a newer version of the bot (migrations ${unknown.join(", ")}); restore it with that version`;
    return null;
  } catch (error) {
    return `${file} is not a backup of this bot: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    db?.close();
  }
}

async function backup(source: string, target: string): Promise<number> {
  if (!existsSync(source)) return fail(`DATABASE_URL: there is no database at ${source}`);
  const made = await backupSqlite(source, target);
  process.stdout.write(`Backed up ${source} to ${made.path} (${made.bytes} bytes, ${made.milliseconds} ms).\n`);
  return 0;
}

/**
 * The backup is copied beside the database, synced, then renamed over it, so that a crash leaves
 * either the old database or the restored one. The database's -wal and -shm files belong to the old
 * one and go; the old file itself is kept as <database>.before-restore.
 */
function restore(from: string, target: string): number {
  const problem = checkBackup(resolve(from));
  if (problem) return fail(problem);
  checkWritableDirectory(resolve(target, ".."), "DATABASE_URL");
  const staging = `${target}.restoring`;
  copyFileSync(resolve(from), staging);
  const fd = openSync(staging, "r+");
  fsyncSync(fd);
  closeSync(fd);
  if (existsSync(target)) {
    // Folds the old database's WAL into it first, so that the copy kept aside is whole.
    const old = new Database(target);
    old.pragma("wal_checkpoint(TRUNCATE)");
    old.close();
    copyFileSync(target, `${target}.before-restore`);
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(`${target}${suffix}`, { force: true });
  renameSync(staging, target);
  process.stdout.write(`Restored ${target} from ${resolve(from)}${existsSync(`${target}.before-restore`) ? ` (the previous database is kept as ${target}.before-restore)` : ""}.\n`);
  return 0;
}

function fail(line: string, code = 2): number {
  process.stderr.write(line + "\n");
  return code;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const found = databasePath(args);
  if (typeof found === "string") return fail(found);
  const [file] = found.rest;
  if ((command !== "backup" && command !== "restore") || !file || found.rest.length > 1) return fail(USAGE);
  try {
    return command === "backup" ? await backup(found.path, file) : restore(file, found.path);
  } catch (error) {
    if (error instanceof BackupPathError) return fail(error.message);
    return fail(`The ${command} failed: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
}

process.exitCode = await main(process.argv.slice(2));

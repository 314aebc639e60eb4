// Online backups of the embedded database on a cron schedule (BACKUP_DIR, BACKUP_SCHEDULE,
// BACKUP_KEEP). Each is a consistent copy made while the bot runs (see infra/db/backup.ts).
import { join } from "node:path";
import cron from "node-cron";
import { backupFileName, backupSqlite, pruneBackups } from "../db/backup.ts";
import type { Logger } from "../logger.ts";

export interface BackupSchedule {
  dir: string;
  expression: string;
  keep: number;
}

export function scheduleBackups(databasePath: string, schedule: BackupSchedule, logger: Logger): { stop(): void } {
  let running = false;
  const task = cron.schedule(schedule.expression, async () => {
    if (running) return;
    running = true;
    try {
      const made = await backupSqlite(databasePath, join(schedule.dir, backupFileName(databasePath, new Date())));
      const removed = pruneBackups(schedule.dir, databasePath, schedule.keep);
      logger.info({ backup: made.path, bytes: made.bytes, ms: made.milliseconds, removed }, "backup made");
    } catch (error) {
      logger.error({ err: error }, "backup failed");
    } finally {
      running = false;
    }
  });
  return { stop: () => void task.destroy() };
}

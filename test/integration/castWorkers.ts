// Starts test/integration/castWorker.ts processes for the concurrency tests and drives them: each opens
// the database, takes its casts, and casts them all at the word go, so that several processes race.
import { spawn } from "node:child_process";
import type { CastReport, PlannedCast } from "./castWorker.ts";

export interface CastWorker {
  /** Resolves once the worker has opened the database. */
  ready: Promise<void>;
  /** Hands the worker its casts; resolves once it has read them and waits for the word to go. */
  arm(plan: PlannedCast[]): Promise<void>;
  /** Tells the worker to cast, and resolves with its report when it has cast them all. */
  go(): Promise<CastReport>;
  /** Ends the worker if it is still running (after a failure elsewhere). */
  stop(): void;
}

/** Starts test/integration/castWorker.ts, which opens the database and waits for its casts. */
export function startCastWorker(dbPath: string, now: Date): CastWorker {
  const child = spawn(process.execPath, ["--import", "tsx", "test/integration/castWorker.ts", dbPath, now.toISOString()], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise<CastReport>((resolve, reject) => {
    child.on("exit", (code) => {
      const report = out.split("\n").findLast((line) => line.startsWith("{"));
      if (code === 0 && report) resolve(JSON.parse(report) as CastReport);
      else reject(new Error(`cast worker exited ${code}: ${err}${out}`));
    });
  });
  exited.catch(() => {});
  // Resolves when the worker has printed `word` on a line of its own.
  const printed = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (out.split("\n").includes(word)) {
          child.stdout.off("data", check);
          resolve();
        }
      };
      child.stdout.on("data", check);
      check();
      exited.catch(reject);
    });
  child.stdout.on("data", (d) => (out += d));
  return {
    ready: printed("ready"),
    arm: (plan) => {
      child.stdin.write(JSON.stringify(plan) + "\n");
      return printed("armed");
    },
    go: () => {
      child.stdin.end("go\n");
      return exited;
    },
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}

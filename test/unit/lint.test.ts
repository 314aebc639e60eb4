// The layer rules of the linter really fail a violation: Biome runs with the project's own biome.jsonc
// over a few files in a scratch tree laid out like the project (src/core, src/app, src/adapters,
// src/infra, src/compose).
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/shell.ts";

const scratch = mkdtempSync(join(tmpdir(), "lint-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function lint(files: Record<string, string>): { exitCode: number | null; errors: { file: string; line: number; rule: string }[] } {
  const root = mkdtempSync(join(scratch, "tree-"));
  copyFileSync(join(REPO_ROOT, "biome.jsonc"), join(root, "biome.jsonc"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  // The scratch tree is no git checkout, so the .gitignore lookup is off.
  const run = spawnSync(join(REPO_ROOT, "node_modules/.bin/biome"), ["lint", "--error-on-warnings", "--vcs-enabled=false", "--reporter=github"], { cwd: root, encoding: "utf8" });
  const errors = [...run.stdout.matchAll(/^::error title=([^,]+),file=([^,]+),line=(\d+)/gm)].map((m) => ({ rule: m[1]!, file: m[2]!.slice(root.length + 1), line: Number(m[3]) }));
  return { exitCode: run.status, errors };
}

describe("npm run lint keeps the core free of the edges", () => {
  it("fails a core file that imports a platform, database or cron library, or the app, infra or adapters", () => {
    const result = lint({
      "src/core/polls/leaky.ts": [
        'import { Client } from "discord.js";',
        'import { App } from "@slack/bolt";',
        'import type { PrismaClient } from "@prisma/client";',
        'import Database from "better-sqlite3";',
        'import cron from "node-cron";',
        'import { runLine } from "../../app/dispatch.ts";',
        'import { openDatabase } from "../../infra/db/openDatabase.ts";',
        'import { runShell } from "../../adapters/shell/shell.ts";',
        'export type Client2 = PrismaClient;',
        "export const used = [Client, App, Database, cron, runLine, openDatabase, runShell];",
        'export const later = () => import("pg");',
      ].join("\n"),
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.errors.filter((e) => e.rule === "lint/style/noRestrictedImports").map((e) => [e.file, e.line])).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 11].map((line) => ["src/core/polls/leaky.ts", line]),
    );
  });

  it("passes what the core may import, and the same libraries outside the core", () => {
    const result = lint({
      "src/core/polls/fine.ts": ['import { DateTime } from "luxon";', 'import type { Store } from "../store.ts";', 'import { ok } from "../shared/result.ts";', "export const used = [DateTime, ok];", "export type S = Store;"].join("\n"),
      "src/adapters/discord/edge.ts": ['import { Client } from "discord.js";', 'import { openPoll } from "../../core/polls/openPoll.ts";', "export const used = [Client, openPoll];"].join("\n"),
      "src/app/fine.ts": ['import { runLine } from "./dispatch.ts";', 'import type { Logger } from "../infra/logger.ts";', "export const used = [runLine];", "export type L = Logger;"].join("\n"),
      // The composition root may import every layer, the ticker included.
      "src/compose/root.ts": [
        'import { startTicker } from "../infra/cron/ticker.ts";',
        'import { createShell } from "../adapters/shell/shell.ts";',
        'import { discordPlatform } from "../adapters/discord/factory.ts";',
        'import { startRuntime } from "../app/runtime.ts";',
        "export const used = [startTicker, createShell, discordPlatform, startRuntime];",
      ].join("\n"),
    });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
  });
});

describe("npm run lint keeps one composition root", () => {
  it("fails src/app when it imports an adapter, the composition root, a platform library or the ticker", () => {
    const result = lint({
      "src/app/leaky.ts": [
        'import { slackPlatform } from "../adapters/slack/factory.ts";',
        'import { platformFactories } from "../compose/platforms.ts";',
        'import { startTicker } from "../infra/cron/ticker.ts";',
        'import cron from "node-cron";',
        'import { Client } from "discord.js";',
        'import { logger } from "../infra/logger.ts";',
        "export const used = [slackPlatform, platformFactories, startTicker, cron, Client, logger];",
      ].join("\n"),
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.errors.filter((e) => e.rule === "lint/style/noRestrictedImports").map((e) => [e.file, e.line])).toEqual([1, 2, 3, 4, 5].map((line) => ["src/app/leaky.ts", line]));
  });

  it("fails an adapter that imports the composition root or the ticker, the shell that loads a platform, and infra that imports a layer above it", () => {
    const result = lint({
      "src/adapters/slack/leaky.ts": ['import { platformFactories } from "../../compose/platforms.ts";', 'import { startTicker } from "../../infra/cron/ticker.ts";', "export const used = [platformFactories, startTicker];"].join("\n"),
      "src/adapters/shell/leaky.ts": [
        'import { Client } from "discord.js";',
        'import { slackWanted } from "../slack/config.ts";',
        'import { runShellMode } from "../../compose/shellMode.ts";',
        'import { ShellOutput } from "./output.ts";',
        "export const used = [Client, slackWanted, runShellMode, ShellOutput];",
      ].join("\n"),
      "src/infra/db/leaky.ts": ['import { runLine } from "../../app/dispatch.ts";', 'import { createShell } from "../../adapters/shell/shell.ts";', "export const used = [runLine, createShell];"].join("\n"),
    });
    expect(result.exitCode).not.toBe(0);
    expect(
      result.errors
        .filter((e) => e.rule === "lint/style/noRestrictedImports")
        .map((e) => [e.file, e.line])
        .sort((a, b) => String(a).localeCompare(String(b))),
    ).toEqual([
      ["src/adapters/shell/leaky.ts", 1],
      ["src/adapters/shell/leaky.ts", 2],
      ["src/adapters/shell/leaky.ts", 3],
      ["src/adapters/slack/leaky.ts", 1],
      ["src/adapters/slack/leaky.ts", 2],
      ["src/infra/db/leaky.ts", 1],
      ["src/infra/db/leaky.ts", 2],
    ]);
  });
});

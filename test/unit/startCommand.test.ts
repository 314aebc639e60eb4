// `npm start`, the systemd unit and the container run the bot with one command (node's memory options
// and scripts/start.mjs, package.json being its source), and scripts/start.mjs runs the compiled dist/
// only when it is the build of the sources as they are (scripts/buildState.mjs).
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildInputs, staleness, writeStamp } from "../../scripts/buildState.mjs";
import { REPO_ROOT } from "../support/shell.ts";

const read = (file: string) => readFileSync(join(REPO_ROOT, file), "utf8");

function startWords(): string[] {
  const script: string = JSON.parse(read("package.json")).scripts.start;
  return script.split(/\s+/);
}

describe("the start command", () => {
  it("is node with its options and scripts/start.mjs", () => {
    const words = startWords();
    expect(words[0]).toBe("node");
    expect(words.at(-1)).toBe("scripts/start.mjs");
  });

  it("is the systemd unit's ExecStart", () => {
    const execStart = /^ExecStart=(.+)$/m.exec(read("deploy/consensus-bot.service"))![1]!.split(/\s+/);
    expect(execStart).toEqual(["/usr/bin/node", ...startWords().slice(1)]);
  });

  it("is the container's CMD", () => {
    const cmd = JSON.parse(/^CMD (\[.+\])$/m.exec(read("Dockerfile"))![1]!);
    expect(cmd).toEqual(startWords());
  });
});

describe("whether dist/ is the build of the sources", () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  /** A checkout of two sources, built at `builtAt` (ms) from what it holds then. */
  function builtCheckout(builtAt: number) {
    const root = mkdtempSync(join(tmpdir(), "build-state-"));
    roots.push(root);
    mkdirSync(join(root, "src", "app"), { recursive: true });
    mkdirSync(join(root, "dist"));
    for (const file of ["src/main.ts", "src/app/runtime.ts", "tsconfig.json"]) {
      writeFileSync(join(root, file), "");
      utimesSync(join(root, file), new Date(builtAt - 60_000), new Date(builtAt - 60_000));
    }
    writeStamp(builtAt, buildInputs(root), root);
    return root;
  }

  it("is, until a source changes", () => {
    const builtAt = Date.now() - 10_000;
    const root = builtCheckout(builtAt);
    expect(staleness(root)).toBeNull();
    utimesSync(join(root, "src/app/runtime.ts"), new Date(builtAt + 1), new Date(builtAt + 1));
    expect(staleness(root)).toBe("src/app/runtime.ts changed since dist/ was built");
  });

  it("is not once a source is added or removed", () => {
    const root = builtCheckout(Date.now() - 10_000);
    writeFileSync(join(root, "src/app/added.ts"), "");
    utimesSync(join(root, "src/app/added.ts"), new Date(0), new Date(0));
    expect(staleness(root)).toBe("files were added or removed since dist/ was built");
    rmSync(join(root, "src/app/added.ts"));
    rmSync(join(root, "src/app/runtime.ts"));
    expect(staleness(root)).toBe("files were added or removed since dist/ was built");
  });

  it("is not before the first build", () => {
    const root = builtCheckout(Date.now());
    rmSync(join(root, "dist"), { recursive: true });
    expect(staleness(root)).toBe("dist/ has not been built");
  });
});

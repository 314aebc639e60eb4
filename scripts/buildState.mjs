// Whether dist/ (the compiled bot, see tsconfig.build.json) is the build of the sources as they are:
// shared by scripts/build.mjs, which writes the stamp, and scripts/start.mjs, which reads it.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
const INPUT_DIRS = ["src", "commands"];
const INPUT_FILES = ["tsconfig.json", "tsconfig.build.json"];
const stampOf = (root) => join(root, "dist", ".build-stamp.json");

function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.name.endsWith(".ts")) out.push(path);
  }
}

/** Every file the build reads, relative to the root, with its modification time. */
export function buildInputs(root = ROOT) {
  const paths = [];
  for (const dir of INPUT_DIRS) if (existsSync(join(root, dir))) walk(join(root, dir), paths);
  for (const file of INPUT_FILES) if (existsSync(join(root, file))) paths.push(join(root, file));
  return paths.map((path) => ({ path: relative(root, path), mtimeMs: statSync(path).mtimeMs })).sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Written once dist/ is complete: when the build began, and from which files. */
export function writeStamp(startedAtMs, inputs, root = ROOT) {
  writeFileSync(stampOf(root), JSON.stringify({ startedAtMs, inputs: inputs.map((i) => i.path) }));
}

/**
 * null when dist/ was built from exactly these files, none changed since the build began; else why not.
 * (A stat of each of the ~400 inputs: a few milliseconds at start.)
 */
export function staleness(root = ROOT) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampOf(root), "utf8"));
  } catch {
    return "dist/ has not been built";
  }
  const inputs = buildInputs(root);
  const built = new Set(stamp.inputs);
  if (inputs.length !== built.size || inputs.some((i) => !built.has(i.path))) return "files were added or removed since dist/ was built";
  const changed = inputs.find((i) => i.mtimeMs >= stamp.startedAtMs);
  return changed ? `${changed.path} changed since dist/ was built` : null;
}

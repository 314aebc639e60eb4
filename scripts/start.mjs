// `npm start`: runs the compiled bot (dist/, built at install by scripts/build.mjs) when it is the
// build of the current sources, else the TypeScript sources through tsx, in this same process. A
// checkout whose sources changed since the build therefore never runs stale code; it pays tsx's
// memory (about 40 MB) until `npm run build`.
import { staleness } from "./buildState.mjs";

const stale = staleness();
if (stale === null) {
  await import("../dist/src/main.js");
} else {
  await import("tsx");
  await import("../src/main.ts");
}

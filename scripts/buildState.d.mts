// Types of scripts/buildState.mjs, for the TypeScript that imports it (the footprint bench, its test).
export declare const ROOT: string;
export interface BuildInput {
  path: string;
  mtimeMs: number;
}
export declare function buildInputs(root?: string): BuildInput[];
export declare function writeStamp(startedAtMs: number, inputs: BuildInput[], root?: string): void;
export declare function staleness(root?: string): string | null;

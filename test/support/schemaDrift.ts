// Compares prisma/schema.prisma (read by Prisma's own schema parser, compiled to WebAssembly) with
// the tables, columns and indexes of a database migrated by our migrator.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type Database from "better-sqlite3";

const require = createRequire(import.meta.url);
const schemaWasm = require("@prisma/prisma-schema-wasm") as { get_dmmf(params: string): string };

interface DmmfField {
  name: string;
  kind: string;
  type: string;
  isRequired: boolean;
  dbName?: string | null;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  fields: { name: string }[];
}

const SQLITE_TYPES: Record<string, string> = { Int: "INTEGER", String: "TEXT", Boolean: "BOOLEAN", DateTime: "DATETIME", Float: "REAL", BigInt: "BIGINT", Json: "JSONB" };

export function readDatamodel(schemaPath: string): { models: DmmfModel[]; indexes: DmmfIndex[] } {
  const dmmf = JSON.parse(schemaWasm.get_dmmf(JSON.stringify({ prismaSchema: readFileSync(schemaPath, "utf8") }))) as {
    datamodel: { models: DmmfModel[]; indexes: DmmfIndex[] };
  };
  return dmmf.datamodel;
}

/** Every difference between the schema and the database, as readable lines; empty when they agree. */
export function schemaDrift(schemaPath: string, db: Database.Database): string[] {
  const { models, indexes } = readDatamodel(schemaPath);
  const problems: string[] = [];
  const tables = new Set(
    (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations'`).all() as { name: string }[]).map((t) => t.name),
  );
  for (const model of models) {
    const table = model.dbName ?? model.name;
    if (!tables.delete(table)) {
      problems.push(`table ${table} is missing`);
      continue;
    }
    const columns = new Map(
      (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; type: string; notnull: number }[]).map((c) => [c.name, c]),
    );
    for (const field of model.fields.filter((f) => f.kind === "scalar")) {
      const column = columns.get(field.dbName ?? field.name);
      columns.delete(field.dbName ?? field.name);
      if (!column) {
        problems.push(`column ${table}.${field.name} is missing`);
        continue;
      }
      if (column.type !== SQLITE_TYPES[field.type]) problems.push(`column ${table}.${field.name} is ${column.type}, the schema says ${field.type}`);
      if (Boolean(column.notnull) !== field.isRequired) problems.push(`column ${table}.${field.name} is ${column.notnull ? "NOT NULL" : "nullable"} in the database only`);
    }
    for (const extra of columns.keys()) problems.push(`column ${table}.${extra} is not in the schema`);

    const wanted = indexes
      .filter((i) => i.model === model.name && i.type !== "id")
      .map((i) => `${i.type === "unique" ? "unique" : "index"}(${i.fields.map((f) => f.name).join(",")})`);
    const actual = (db.prepare(`PRAGMA index_list("${table}")`).all() as { name: string; unique: number; origin: string }[])
      .filter((i) => i.origin === "c")
      .map((i) => {
        const cols = (db.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name);
        return `${i.unique ? "unique" : "index"}(${cols.join(",")})`;
      });
    for (const w of wanted) if (!actual.includes(w)) problems.push(`${table}: ${w} is missing`);
    for (const a of actual) if (!wanted.includes(a)) problems.push(`${table}: ${a} is not in the schema`);
  }
  for (const table of tables) problems.push(`table ${table} is not in the schema`);
  return problems;
}

// Compares a schema.prisma (read by Prisma's own schema parser, compiled to WebAssembly) with the
// tables, columns and indexes of a database migrated by our migrator: SQLite's or PostgreSQL's.
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

interface DescribedTable {
  columns: Map<string, { type: string; notnull: boolean }>;
  /** unique(a,b) or index(a,b), primary keys left out */
  indexes: string[];
}

const POSTGRES_TYPES: Record<string, string> = {
  Int: "integer",
  String: "text",
  Boolean: "boolean",
  DateTime: "timestamp without time zone",
  Float: "double precision",
  BigInt: "bigint",
  Json: "jsonb",
};

function describeSqlite(db: Database.Database): Map<string, DescribedTable> {
  const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations'`).all() as { name: string }[]).map((t) => t.name);
  return new Map(
    names.map((table) => {
      const columns = new Map(
        (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; type: string; notnull: number }[]).map((c) => [c.name, { type: c.type, notnull: Boolean(c.notnull) }]),
      );
      const indexes = (db.prepare(`PRAGMA index_list("${table}")`).all() as { name: string; unique: number; origin: string }[])
        .filter((i) => i.origin === "c")
        .map((i) => {
          const cols = (db.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name);
          return `${i.unique ? "unique" : "index"}(${cols.join(",")})`;
        });
      return [table, { columns, indexes }];
    }),
  );
}

/** What a PostgreSQL database holds in its public schema, read from its catalogues. */
export async function describePostgres(client: { query<R>(sql: string): Promise<{ rows: R[] }> }): Promise<Map<string, DescribedTable>> {
  const tables = new Map<string, DescribedTable>();
  const { rows: columns } = await client.query<{ table: string; name: string; type: string; notnull: boolean }>(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, NULL) AS type, a.attnotnull AS notnull
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname != '_prisma_migrations' ORDER BY c.relname, a.attnum`,
  );
  for (const c of columns) {
    const table = tables.get(c.table) ?? { columns: new Map(), indexes: [] };
    table.columns.set(c.name, { type: c.type, notnull: c.notnull });
    tables.set(c.table, table);
  }
  const { rows: indexes } = await client.query<{ table: string; unique: boolean; columns: string[] }>(
    `SELECT t.relname AS table, ix.indisunique AS unique,
       array(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
     FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND NOT ix.indisprimary AND t.relname != '_prisma_migrations'`,
  );
  for (const i of indexes) tables.get(i.table)?.indexes.push(`${i.unique ? "unique" : "index"}(${i.columns.join(",")})`);
  return tables;
}

/** Every difference between the schema and the SQLite database, as readable lines; empty when they agree. */
export function schemaDrift(schemaPath: string, db: Database.Database): string[] {
  return compare(schemaPath, describeSqlite(db), SQLITE_TYPES);
}

/** The same comparison against a PostgreSQL database. */
export async function postgresSchemaDrift(schemaPath: string, client: { query<R>(sql: string): Promise<{ rows: R[] }> }): Promise<string[]> {
  return compare(schemaPath, await describePostgres(client), POSTGRES_TYPES);
}

function compare(schemaPath: string, described: Map<string, DescribedTable>, types: Record<string, string>): string[] {
  const { models, indexes } = readDatamodel(schemaPath);
  const problems: string[] = [];
  const tables = new Set(described.keys());
  for (const model of models) {
    const table = model.dbName ?? model.name;
    const found = described.get(table);
    if (!tables.delete(table) || !found) {
      problems.push(`table ${table} is missing`);
      continue;
    }
    const columns = new Map(found.columns);
    for (const field of model.fields.filter((f) => f.kind === "scalar")) {
      const column = columns.get(field.dbName ?? field.name);
      columns.delete(field.dbName ?? field.name);
      if (!column) {
        problems.push(`column ${table}.${field.name} is missing`);
        continue;
      }
      if (column.type !== types[field.type]) problems.push(`column ${table}.${field.name} is ${column.type}, the schema says ${field.type}`);
      if (column.notnull !== field.isRequired) problems.push(`column ${table}.${field.name} is ${column.notnull ? "NOT NULL" : "nullable"} in the database only`);
    }
    for (const extra of columns.keys()) problems.push(`column ${table}.${extra} is not in the schema`);

    const wanted = indexes
      .filter((i) => i.model === model.name && i.type !== "id")
      .map((i) => `${i.type === "unique" ? "unique" : "index"}(${i.fields.map((f) => f.name).join(",")})`);
    for (const w of wanted) if (!found.indexes.includes(w)) problems.push(`${table}: ${w} is missing`);
    for (const a of found.indexes) if (!wanted.includes(a)) problems.push(`${table}: ${a} is not in the schema`);
  }
  for (const table of tables) problems.push(`table ${table} is not in the schema`);
  return problems;
}

// The one place that names the Prisma client the store runs on. Every repository is written against
// `Db`, the client of one interactive transaction, and reads its rows as `Row<"model">`, so a second
// generated client (PostgreSQL) only has to satisfy these two types, here.
import type { PrismaClient } from "./generated/sqlite/client.ts";

/** A Prisma client the store can run on. */
export type StorePrisma = InstanceType<typeof PrismaClient>;

/** The client of one interactive transaction, which the store hands to every repository. */
export type Db = Parameters<Parameters<StorePrisma["$transaction"]>[0]>[0];

/** The row type of one model, as Prisma returns it. */
export type Row<K extends keyof Db> = Db[K] extends { findFirstOrThrow(...args: never[]): Promise<infer R> } ? R : never;

// A throw-away PostgreSQL cluster: `initdb` and `pg_ctl` (Debian's postgresql-15) in a temp folder, on
// a free loopback port, owned by the machine's `postgres` user when the tests run as root (initdb
// refuses root). Password authentication is on, so a wrong password is refused as in production.
// It imports nothing from vitest: benches and scripts start one too.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

const SEARCH = ["/usr/lib/postgresql/15/bin", "/usr/local/bin", "/usr/bin"];
export const SUPERUSER = "postgres";
export const PASSWORD = "test-password";

export interface Cluster {
  port: number;
  dir: string;
  /** A connection URL for `database` as the superuser (with the right password). */
  url(database: string, overrides?: { password?: string; port?: number }): string;
  stop(): void;
}

function binary(name: string): string {
  for (const dir of [...(process.env["PATH"] ?? "").split(":"), ...SEARCH]) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`PostgreSQL's ${name} was not found on PATH nor in ${SEARCH.join(", ")}: install Debian's postgresql-15 (apt-get install -y postgresql-15), as .ci/run does`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Runs a PostgreSQL binary as the `postgres` user when we are root. */
function runAs(owner: { uid: number; gid: number } | null, file: string, args: string[]): void {
  const result = spawnSync(file, args, { encoding: "utf8", ...(owner ? { uid: owner.uid, gid: owner.gid } : {}), env: { ...process.env, LC_ALL: "C" } });
  if (result.status !== 0) throw new Error(`${file} ${args.join(" ")} failed: ${(result.stderr || result.stdout || String(result.error)).trim()}`);
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const [uid, gid] = execFileSync("id", ["-u", SUPERUSER], { encoding: "utf8" }).trim().split("\n").concat(execFileSync("id", ["-g", SUPERUSER], { encoding: "utf8" }).trim());
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    throw new Error(`the tests run as root and there is no \`${SUPERUSER}\` system user to own the test cluster (initdb refuses root); installing postgresql-15 creates it`);
  }
}

export interface ClusterOptions {
  /** Off by default for tests: the cluster is thrown away. Benches keep it on to measure what production pays. */
  durable?: boolean;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const initdb = binary("initdb");
  const pgCtl = binary("pg_ctl");
  const owner = userInfo().uid === 0 ? postgresUser() : null;
  const dir = mkdtempSync(join(tmpdir(), "pg-cluster-"));
  const data = join(dir, "data");
  const pwfile = join(dir, "pwfile");
  writeFileSync(pwfile, PASSWORD);
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(pwfile, owner.uid, owner.gid);
  }
  chmodSync(dir, 0o700);
  const port = await freePort();
  const stop = () => {
    spawnSync(pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"], { ...(owner ? { uid: owner.uid, gid: owner.gid } : {}), stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    runAs(owner, initdb, ["-D", data, "-U", SUPERUSER, `--pwfile=${pwfile}`, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
    const settings = [
      `-p ${port}`,
      "-c listen_addresses=127.0.0.1",
      `-c unix_socket_directories=${dir}`,
      "-c max_connections=200",
      ...(options.durable ? [] : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]),
    ];
    runAs(owner, pgCtl, ["-D", data, "-l", join(dir, "server.log"), "-o", settings.join(" "), "-w", "-t", "30", "start"]);
  } catch (error) {
    const log = existsSync(join(dir, "server.log")) ? readFileSync(join(dir, "server.log"), "utf8").trim().split("\n").slice(-5).join("\n") : "";
    stop();
    throw new Error(`${(error as Error).message}${log ? `\n${log}` : ""}`);
  }
  return {
    port,
    dir,
    url: (database, overrides = {}) =>
      `postgres://${SUPERUSER}:${encodeURIComponent(overrides.password ?? PASSWORD)}@127.0.0.1:${overrides.port ?? port}/${database}`,
    stop,
  };
}

// A bot process delivering a shared outbox to the fake Slack through the real Slack sender, for the
// outbox replica tests (outboxReplicas.test.ts). It delivers until nothing is left pending, claimed or
// not, so that what a dead deliverer held is taken over once its lease runs out.
//   SLACK_BOT_TOKEN=xoxb-… node --import tsx test/integration/outboxWorker.ts DATABASE_URL SLACK_API_URL WORKER LEASE_MS
import { setTimeout as sleep } from "node:timers/promises";
import { webApi, type Logger } from "@slack/bolt";
import { singleWorkspace } from "../../src/adapters/slack/installations.ts";
import { SlackSender } from "../../src/adapters/slack/sender.ts";
import { deliverOutbox } from "../../src/core/outbox/deliverOutbox.ts";
import { systemClock } from "../../src/core/shared/clock.ts";
import { openDatabase } from "../../src/infra/db/openDatabase.ts";

const [url, apiUrl, worker, leaseMs] = process.argv.slice(2) as [string, string, string, string];
const db = await openDatabase(url);
const deps = { store: db.store, clock: systemClock };
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => webApi.LogLevel.ERROR, setName() {} };
const sender = new SlackSender(singleWorkspace(new webApi.WebClient(process.env["SLACK_BOT_TOKEN"], { slackApiUrl: apiUrl, logger: silent })), deps, silent);
let delivered = 0;
for (;;) {
  delivered += await deliverOutbox(deps, [sender], { worker, leaseMs: Number(leaseMs), limit: 5 });
  const left = await db.store.transaction((tx) => tx.outbox.due(new Date(Date.now() + 3_600_000), 1));
  if (left.length === 0) break;
  await sleep(100);
}
await db.close();
process.stdout.write(`${JSON.stringify({ worker, delivered })}\n`);

// The bot's scheduler and dispatcher in a process of its own, delivering to an HTTP recipient that,
// like Discord with a nonce, tells repeated deliveries apart by their idempotency key.
//   node --import tsx test/scheduler/crashChild.ts DB_PATH RECIPIENT_URL WORKER
import { startScheduledRuntime } from "../../src/compose/scheduledRuntime.ts";
import { DeliveryError, destinationKey, type Destination, type QueuedMessage, type Sender } from "../../src/core/outbox/message.ts";
import { systemClock } from "../../src/core/shared/clock.ts";
import { openDatabase } from "../../src/infra/db/openDatabase.ts";
import { createLogger } from "../../src/infra/logger.ts";

const [dbPath, recipient, worker] = process.argv.slice(2) as [string, string, string];

async function deliver(action: string, message: QueuedMessage, destination: Destination, ref?: string): Promise<string> {
  const response = await fetch(recipient, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": `${message.idempotencyKey}@${destinationKey(destination)}` },
    body: JSON.stringify({ action, key: message.idempotencyKey, destination: destinationKey(destination), ref, text: message.text }),
  });
  if (!response.ok) throw new DeliveryError(`recipient answered ${response.status}`);
  return ((await response.json()) as { ref: string }).ref;
}

const sender: Sender = {
  platform: "shell",
  post: (message, destination) => deliver("post", message, destination),
  edit: async (message, destination, ref) => void (await deliver("edit", message, destination, ref)),
  remove: async (message, destination, ref) => void (await deliver("delete", message, destination, ref)),
};

const db = await openDatabase(dbPath);
const runtime = startScheduledRuntime({ store: db.store, clock: systemClock }, [sender], createLogger("error"), worker);
process.stdout.write("started\n");
process.once("SIGTERM", async () => {
  await runtime.stop();
  await db.close();
  process.exit(0);
});

// Each delivery of the outbox logged as one line that carries the request id of the command that
// queued it (written on its row by instrumentedStore.ts), so that an answer seen on a platform can be
// traced to the interaction that caused it.
import type { Destination, QueuedMessage, Sender } from "../core/outbox/message.ts";
import { REQUEST_ID_FIELD } from "../infra/db/instrumentedStore.ts";
import type { Logger } from "../infra/logger.ts";
import { withRequest } from "../infra/requestContext.ts";

const requestIdOf = (message: QueuedMessage): string => {
  const id = message.data[REQUEST_ID_FIELD];
  return typeof id === "string" ? id : `outbox-${message.id}`;
};

export function observedSender(sender: Sender, logger: Logger): Sender {
  const around = <T>(action: string, message: QueuedMessage, destination: Destination, work: () => Promise<T>): Promise<T> =>
    withRequest(requestIdOf(message), async () => {
      const fields = { platform: sender.platform, action, outbox: message.id, destination: destination.kind, attempt: message.attempts + 1 };
      try {
        const result = await work();
        logger.info(fields, "outbox delivery done");
        return result;
      } catch (error) {
        logger.warn({ ...fields, reason: error instanceof Error ? error.message : String(error) }, "outbox delivery failed");
        throw error;
      }
    });
  return {
    platform: sender.platform,
    post: (message, destination) => around("post", message, destination, () => sender.post(message, destination)),
    edit: (message, destination, ref) => around("edit", message, destination, () => sender.edit(message, destination, ref)),
    remove: (message, destination, ref) => around("remove", message, destination, () => sender.remove(message, destination, ref)),
  };
}

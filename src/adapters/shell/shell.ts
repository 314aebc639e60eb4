// The local shell: the bot in a terminal, on the embedded database. People try it first, demos use it
// and scripts drive it, one line at a time from a TTY or from stdin.
import type { Caller } from "../../core/access/actor.ts";
import type { Deps } from "../../core/deps.ts";
import { deliverOutbox } from "../../core/outbox/deliverOutbox.ts";
import { nextDueAt, runDueJobs } from "../../core/scheduler/runDueJobs.ts";
import { ManualClock, systemClock } from "../../core/shared/clock.ts";
import { formatLocal } from "../../core/shared/localTime.ts";
import { afterDuration } from "../../core/shared/when.ts";
import { createGroup, getGroup } from "../../core/setup/configureGroup.ts";
import type { Group } from "../../core/setup/group.ts";
import { runLine } from "../../app/dispatch.ts";
import { openDatabase } from "../../infra/db/openDatabase.ts";
import { startTicker } from "../../infra/cron/ticker.ts";
import type { Logger } from "../../infra/logger.ts";
import { bindShellChannels, seedDemo } from "./demo.ts";
import { ShellOutput } from "./output.ts";
import { ShellSender } from "./shellSender.ts";
import type { ShellConsole } from "./console.ts";
import { shellGuide } from "./guide.ts";
import type { ShellOptions } from "./shellOptions.ts";

const OPERATOR = "operator";
const HANDLE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface ShellIO {
  /** Lines in, bot messages and notes out: a script's pipe or a person's terminal. */
  console: ShellConsole;
  logger: Logger;
  /** Aborted when the shell must stop reading (its output was closed): what runs finishes, the rest is dropped. */
  stop?: AbortSignal;
}

export async function runShell(options: ShellOptions, io: ShellIO): Promise<void> {
  const { console: terminal } = io;
  const db = await openDatabase(options.db, { setting: options.dbSetting });
  const clock = options.clock ? new ManualClock(options.clock) : systemClock;
  const deps: Deps = { store: db.store, clock };
  let group: Group | null = await db.store.transaction((tx) => tx.groups.first());
  const output = new ShellOutput(options.json, () => group?.timezone ?? "UTC", terminal.print, terminal.style);

  terminal.notice(terminal.style.dim(`Database: ${db.description}${group ? `, with the group «${group.name}»` : ", new"}.`));
  if (group && options.empty) {
    terminal.notice(terminal.style.warning(`Warning: --empty has no effect, since ${db.description} already holds the group «${group.name}»; it opens as it is. For a blank group, give a new file with --db.`));
  }
  const callerFor = (handle: string, groupId: number): Caller => ({ groupId, platform: "shell", externalId: handle });

  if (!group) {
    const name = options.empty ? "Coordination group" : "Demo coordination group";
    group = await createGroup(deps, name, "UTC", { handle: OPERATOR, identity: { platform: "shell", externalId: OPERATOR } });
    await bindShellChannels(deps, callerFor(OPERATOR, group.id));
    const intro = options.empty ? "A new, empty group is ready. You are operator, with Secretariat rights. /help lists the commands." : await seedDemo(deps, callerFor(OPERATOR, group.id));
    // The intro sums up what setting up the group announced; with no sender, those messages are closed unsent.
    await deliverOutbox(deps, []);
    output.print({ to: OPERATOR, visibility: "ephemeral", text: intro, data: { groupId: group.id } });
  }
  const groupId = group.id;
  const sender = new ShellSender(output);
  const flush = () => deliverOutbox(deps, [sender]);
  const fireDue = async (at: Date) => {
    await runDueJobs(deps, "shell", at);
    await flush();
  };

  let speaker = OPERATOR;
  const say = (text: string, data: Record<string, unknown> = {}) => output.print({ to: speaker, visibility: "ephemeral", text, data });
  /** The shell's own refusals carry a code in data.refused, like command refusals, for scripts. */
  const refuseLine = (text: string) => say(text, { refused: "shell_usage" });

  /** Moves the simulated clock, stopping at each due job so that everything fires in order. */
  const advance = async (clockNow: ManualClock, target: Date) => {
    for (let next = await nextDueAt(deps); next && next.getTime() <= target.getTime(); next = await nextDueAt(deps)) {
      clockNow.set(next);
      await fireDue(next);
    }
    clockNow.set(target);
    await fireDue(target);
  };

  const handle = async (raw: string): Promise<void> => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    if (/^as(\s|$)/i.test(line)) {
      const words = line.split(/\s+/).slice(1);
      const handleName = words[0]?.replace(/^@/, "") ?? "";
      if (words.length !== 1) return refuseLine("Switch speaker with as HANDLE, one handle, such as: as alice");
      if (!HANDLE.test(handleName)) return refuseLine(`${handleName} is not a handle I can use: letters, digits, dot, dash and underscore only.`);
      speaker = handleName;
      return;
    }
    if (line === ":now") return say(`Now: ${formatLocal(clock.now(), group!.timezone)}`, { now: clock.now().toISOString() });
    if (line.startsWith(":advance")) {
      const amount = line.slice(":advance".length).trim();
      if (!(clock instanceof ManualClock)) return refuseLine("The clock is real; start with --clock ISO to simulate time and use :advance.");
      const target = afterDuration(amount, clock.now());
      if (!target) return refuseLine(":advance needs a duration, such as :advance 90m, :advance 48h or :advance 7d.");
      await advance(clock, target);
      return say(`Now: ${formatLocal(clock.now(), group!.timezone)}`, { now: clock.now().toISOString() });
    }
    if (line.startsWith(":")) return refuseLine(`Unknown shell command ${line.split(/\s/)[0]}. Use :now, :advance DURATION, or a /command.`);
    // /help alone also explains what only the shell has: as, :now, :advance, WHEN and who sees a line.
    const guide = /^\/help$/i.test(line) ? `\n\n${shellGuide(terminal.interactive)}` : "";

    group = await getGroup(deps, groupId);
    const reply = await runLine(
      {
        deps,
        caller: callerFor(speaker, groupId),
        group,
        channelId: "shell",
        resolveUser: (text) => {
          const handleName = text.replace(/^@/, "");
          return { handle: handleName, identity: { platform: "shell", externalId: handleName } };
        },
      },
      line,
    );
    output.print({ to: speaker, visibility: reply.visibility, text: reply.text + guide, data: reply.data ?? {} });
    await flush();
  };

  // Lines, ticks and the clock never interleave: each piece of work waits for the one before it.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>) => {
    queue = queue.then(work).catch((error: unknown) => {
      io.logger.error({ err: error }, "command failed");
      say("Something went wrong on my side and nothing was changed. Try again; if it persists, tell the operator.", { error: true });
    });
    return queue;
  };

  await enqueue(() => fireDue(clock.now()));
  const ticker = options.clock || !terminal.interactive ? null : startTicker(() => enqueue(() => fireDue(clock.now())), (e) => io.logger.error({ err: e }, "tick failed"));
  const prompt = () => terminal.prompt(`${speaker}> `);

  const lines = terminal.lines();
  prompt();
  io.stop?.addEventListener("abort", () => terminal.close());
  for await (const line of lines) {
    if (io.stop?.aborted) break;
    await enqueue(() => handle(line));
    if (io.stop?.aborted) break;
    prompt();
  }
  terminal.close();
  ticker?.stop();
  await queue;
  await db.close();
}

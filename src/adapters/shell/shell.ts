// The local shell: the bot in a terminal. People try it first, demos use it and scripts drive it, one
// line at a time from a TTY or from stdin. It is an adapter like the chat platforms: main.ts opens the
// database, builds the dependencies and starts the one runtime (src/compose/shellMode.ts), whose outbox
// delivery and ticker are the platforms'; the shell's sender is one more sender.
import type { Caller } from "../../core/access/actor.ts";
import type { Deps } from "../../core/deps.ts";
import { deliverOutbox } from "../../core/outbox/deliverOutbox.ts";
import type { Sender } from "../../core/outbox/message.ts";
import { nextDueAt } from "../../core/scheduler/runDueJobs.ts";
import { ManualClock } from "../../core/shared/clock.ts";
import { formatLocal } from "../../core/shared/localTime.ts";
import { afterDuration } from "../../core/shared/when.ts";
import { createGroup, getGroup } from "../../core/setup/configureGroup.ts";
import type { Group } from "../../core/setup/group.ts";
import { runLine } from "../../app/dispatch.ts";
import { enterGroup, listGroups } from "../../core/groups/enterGroup.ts";
import { describeRefusal } from "../../core/shared/refusals.ts";
import type { Runtime } from "../../app/runtime.ts";
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

export interface ShellAdapter {
  /** Prints what the outbox delivers to the shell (every channel, and direct messages with their recipient). */
  readonly sender: Sender;
  /**
   * Opens the database's group, or sets a new one up (the demo, or an empty group with --empty); runs
   * before the runtime starts, so that the set-up's own announcements are closed unsent, not printed.
   */
  open(): Promise<void>;
  /** Reads and runs lines until the input ends or `io.stop` aborts. */
  run(runtime: Runtime): Promise<void>;
}

/**
 * @param deps The runtime's dependencies; with a ManualClock (--clock) the shell's :advance moves it.
 * @param description How the database is named to the person at the shell.
 */
export function createShell(options: ShellOptions, io: ShellIO, deps: Deps, description: string): ShellAdapter {
  const { console: terminal } = io;
  const clock = deps.clock;
  let group: Group | null = null;
  const output = new ShellOutput(options.json, () => group?.timezone ?? "UTC", terminal.print, terminal.style);
  const sender = new ShellSender(output);
  const callerFor = (handle: string, groupId: number): Caller => ({ groupId, platform: "shell", externalId: handle });

  let speaker = OPERATOR;
  const say = (text: string, data: Record<string, unknown> = {}) => output.print({ to: speaker, visibility: "ephemeral", text, data });
  /** The shell's own refusals carry a code in data.refused, like command refusals, for scripts. */
  const refuseLine = (text: string) => say(text, { refused: "shell_usage" });

  const open = async () => {
    group = await deps.store.transaction((tx) => tx.groups.first());
    terminal.notice(terminal.style.dim(`Database: ${description}${group ? `, with the group «${group.name}»` : ", new"}.`));
    if (group && options.empty) {
      terminal.notice(terminal.style.warning(`Warning: --empty has no effect, since ${description} already holds the group «${group.name}»; it opens as it is. For a blank group, give a new file with --db.`));
    }
    if (group) return;
    const name = options.empty ? "Coordination group" : "Demo coordination group";
    const created = await createGroup(deps, name, "UTC", { handle: OPERATOR, identity: { platform: "shell", externalId: OPERATOR } });
    group = created;
    await bindShellChannels(deps, callerFor(OPERATOR, created.id));
    const intro = options.empty ? "A new, empty group is ready. You are operator, with Secretariat rights. /help lists the commands." : await seedDemo(deps, callerFor(OPERATOR, created.id));
    // The intro sums up what setting up the group announced; with no sender, those messages are closed unsent.
    await deliverOutbox(deps, []);
    output.print({ to: OPERATOR, visibility: "ephemeral", text: intro, data: { groupId: created.id } });
  };

  /** Moves the simulated clock, stopping at each due job so that everything fires in order. */
  const advance = async (runtime: Runtime, clockNow: ManualClock, target: Date) => {
    for (let next = await nextDueAt(deps); next && next.getTime() <= target.getTime(); next = await nextDueAt(deps)) {
      clockNow.set(next);
      await runtime.runDue();
    }
    clockNow.set(target);
    await runtime.runDue();
  };

  const handle = async (runtime: Runtime, raw: string): Promise<void> => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const current = group!;
    if (/^as(\s|$)/i.test(line)) {
      const words = line.split(/\s+/).slice(1);
      const handleName = words[0]?.replace(/^@/, "") ?? "";
      if (words.length !== 1) return refuseLine("Switch speaker with as HANDLE, one handle, such as: as alice");
      if (!HANDLE.test(handleName)) return refuseLine(`${handleName} is not a handle I can use: letters, digits, dot, dash and underscore only.`);
      speaker = handleName;
      return;
    }
    if (line === ":now") return say(`Now: ${formatLocal(clock.now(), current.timezone)}`, { now: clock.now().toISOString() });
    if (line.startsWith(":advance")) {
      const amount = line.slice(":advance".length).trim();
      if (!(clock instanceof ManualClock)) return refuseLine("The clock is real; start with --clock ISO to simulate time and use :advance.");
      const target = afterDuration(amount, clock.now());
      if (!target) return refuseLine(":advance needs a duration, such as :advance 90m, :advance 48h or :advance 7d.");
      await advance(runtime, clock, target);
      return say(`Now: ${formatLocal(clock.now(), current.timezone)}`, { now: clock.now().toISOString() });
    }
    if (line === ":groups") {
      const groups = await listGroups(deps);
      return say(groups.map((g) => `${g.id === current.id ? "*" : " "} #${g.id} ${g.name}`).join("\n"), { groups: groups.map((g) => ({ id: g.id, name: g.name })), current: current.id });
    }
    if (/^:group(\s|$)/.test(line)) {
      const id = Number(line.slice(":group".length).trim());
      if (!Number.isInteger(id) || id <= 0) return refuseLine("Switch group with :group ID, such as :group 2 (:groups lists them).");
      const entered = await enterGroup(deps, callerFor(speaker, id));
      if (!entered.ok) return say(describeRefusal(entered.refusal), { refused: entered.refusal.reason });
      group = entered.value;
      return say(`Now in the group «${group.name}» (#${group.id}).`, { group: group.id });
    }
    if (line.startsWith(":")) return refuseLine(`Unknown shell command ${line.split(/\s/)[0]}. Use :now, :advance DURATION, :groups, :group ID, or a /command.`);
    // /help alone also explains what only the shell has: as, :now, :advance, WHEN and who sees a line.
    const guide = /^\/help$/i.test(line) ? `\n\n${shellGuide(terminal.interactive)}` : "";

    // The command and its answer run between the runtime's passes, so a tick's delivery is never
    // printed between them; then the runtime delivers what the command queued, after its answer.
    await runtime.exclusive(async () => {
      group = await getGroup(deps, current.id);
      const reply = await runLine(
        {
          deps,
          caller: callerFor(speaker, current.id),
          group,
          channelId: "shell",
          // The shell's own operator is the one who may create groups here (/group create).
          operators: [{ platform: "shell", externalId: OPERATOR }],
          resolveUser: (text) => {
            const handleName = text.replace(/^@/, "");
            return { handle: handleName, identity: { platform: "shell", externalId: handleName } };
          },
        },
        line,
      );
      output.print({ to: speaker, visibility: reply.visibility, text: reply.text + guide, data: reply.data ?? {} });
      // A group created here is the one the shell works in next, with its channels printed here.
      const created = reply.data?.["refused"] === undefined && /^\/?group\s+create\b/i.test(line) ? reply.data?.["group"] : undefined;
      if (typeof created === "number") {
        await bindShellChannels(deps, callerFor(speaker, created));
        group = await getGroup(deps, created);
      }
    });
    await runtime.nudge();
  };

  const run = async (runtime: Runtime) => {
    // What fell due while the shell was closed runs before the first prompt.
    await runtime.runDue();
    const prompt = () => terminal.prompt(`${speaker}> `);
    const lines = terminal.lines();
    prompt();
    io.stop?.addEventListener("abort", () => terminal.close());
    // One line at a time: each waits for the one before it, its answer and its deliveries.
    for await (const line of lines) {
      if (io.stop?.aborted) break;
      try {
        await handle(runtime, line);
      } catch (error) {
        io.logger.error({ err: error }, "command failed");
        say("Something went wrong on my side and nothing was changed. Try again; if it persists, tell the operator.", { error: true });
      }
      if (io.stop?.aborted) break;
      prompt();
    }
    terminal.close();
  };

  return { sender, open, run };
}

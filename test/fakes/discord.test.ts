// Proves the fake Discord against an unmodified discord.js Client: if these pass, end-to-end tests of
// the Discord adapter can trust that what works against the fake works the same way against Discord.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  HTTPError,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  REST,
  Routes,
  TextInputBuilder,
  TextInputStyle,
  type Interaction,
  type TextChannel,
} from "discord.js";
import { WebSocket } from "ws";
import { GatewayClose, OptionType, startFakeDiscord, type FakeDiscord } from "./discord/index.ts";

const REST_RETRIES = 2;

/** Resolves with the next interaction the client emits; the test then acts on it as a bot would. */
function nextInteraction(client: Client, timeoutMs = 5000): Promise<Interaction> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off(Events.InteractionCreate, onInteraction);
      reject(new Error("no interactionCreate within timeout"));
    }, timeoutMs);
    const onInteraction = (interaction: Interaction) => {
      clearTimeout(timer);
      resolve(interaction);
    };
    client.once(Events.InteractionCreate, onInteraction);
  });
}

async function loggedInClient(fake: FakeDiscord): Promise<Client> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.apiUrl, retries: REST_RETRIES, timeout: 5000 },
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(fake.token);
  await ready;
  return client;
}

describe("fake Discord against a real discord.js Client", () => {
  let fake: FakeDiscord;
  let client: Client;
  let general: TextChannel;

  beforeAll(async () => {
    fake = await startFakeDiscord({
      heartbeatIntervalMs: 1000,
      guilds: [{ name: "Fake Guild", roles: [{ name: "advisor", permissions: String(1n << 5n), members: ["alice"] }] }],
    });
    client = await loggedInClient(fake);
    general = client.channels.cache.get(fake.channel("general").id) as TextChannel;
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it("logs in over the gateway and caches the configured guild, channels and members", async () => {
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);

    const guild = client.guilds.cache.get(fake.guild.id);
    expect(guild?.available).toBe(true);
    expect(guild?.name).toBe("Fake Guild");
    expect(general.name).toBe("general");
    expect(general.guildId).toBe(fake.guild.id);
    expect(guild?.members.cache.has(fake.user("alice").id)).toBe(true);
    expect(guild?.members.me?.id).toBe(fake.botUser.id);

    const gatewayBot = fake.requests.find((request) => request.path === "/gateway/bot");
    expect(gatewayBot?.headers.authorization).toBe(`Bot ${fake.token}`);
    // The client heartbeats and the fake acknowledges (op 11).
    await fake.waitFor(() => fake.gatewayEvents.some((event) => event.direction === "received" && event.op === 1));
    await fake.waitFor(() => client.ws.ping >= 0, 3000, "a heartbeat ack");
  });

  it("serves the application and stores registered commands with ids", async () => {
    const application = await client.application!.fetch();
    expect(application.id).toBe(fake.applicationId);

    const commands = await client.application!.commands.set(
      [
        {
          name: "poll",
          description: "Polls",
          options: [
            {
              type: OptionType.Subcommand,
              name: "open",
              description: "Open a poll",
              options: [{ type: OptionType.String, name: "title", description: "Title", required: true }],
            },
          ],
        },
      ],
      fake.guild.id,
    );
    const stored = fake.commands.find((command) => command.definition.name === "poll");
    expect(stored?.guildId).toBe(fake.guild.id);
    expect(commands.first()?.id).toBe(stored?.id);
    expect(fake.requests.some((request) => request.method === "PUT" && request.route === "/applications/:applicationId/guilds/:guildId/commands")).toBe(true);
  });

  it("delivers a chat-input command and records an ephemeral reply with its latency", async () => {
    const alice = fake.user("alice");
    const received = nextInteraction(client);
    const handle = fake.sendInteraction(
      fake.chatInput({
        user: "alice",
        name: "poll",
        subcommand: "open",
        options: { title: "Land on Mars?", quorum: 3, secret: true, delegate: { type: OptionType.User, value: alice.id } },
      }),
    );
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat-input command");

    expect(interaction.id).toBe(handle.id);
    expect(interaction.commandName).toBe("poll");
    expect(interaction.commandId).toBe(fake.commands.find((command) => command.definition.name === "poll")?.id);
    expect(interaction.options.getSubcommand()).toBe("open");
    expect(interaction.options.getString("title")).toBe("Land on Mars?");
    expect(interaction.options.getInteger("quorum")).toBe(3);
    expect(interaction.options.getBoolean("secret")).toBe(true);
    expect(interaction.options.getUser("delegate")?.id).toBe(alice.id);
    expect(interaction.user.id).toBe(alice.id);
    if (!interaction.inCachedGuild()) throw new Error("expected the guild and member to be cached");
    expect(interaction.channelId).toBe(general.id);
    expect(interaction.memberPermissions?.has("SendMessages")).toBe(true);
    // alice's "advisor" role grants ManageGuild on top of @everyone's permissions.
    expect(interaction.memberPermissions?.has("ManageGuild")).toBe(true);
    expect(interaction.member.roles.cache.map((role) => role.name)).toContain("advisor");

    const response = await interaction.reply({ content: "Poll opened", flags: MessageFlags.Ephemeral, withResponse: true });
    expect(response.resource?.message?.content).toBe("Poll opened");

    const callback = await handle.waitForCallback();
    expect(callback.type).toBe(4);
    expect(callback.data).toMatchObject({ content: "Poll opened", flags: MessageFlags.Ephemeral });
    expect(callback.late).toBe(false);
    expect(callback.elapsedMs).toBeGreaterThan(0);
    expect(callback.elapsedMs).toBeLessThan(3000);
    expect(fake.interactionResponses.get(handle.id)).toBe(callback);
    const original = handle.originalMessage();
    expect(original?.content).toBe("Poll opened");
    expect(original?.flags).toBe(MessageFlags.Ephemeral);
    // Interaction callbacks are authenticated by the token in the URL, not the bot token.
    const callbackRequest = fake.requests.find((request) => request.route === "/interactions/:interactionId/:token/callback");
    expect(callbackRequest?.headers.authorization).toBeUndefined();
  });

  it("records deferReply, editReply and followUp through the webhook routes", async () => {
    const received = nextInteraction(client);
    const handle = fake.sendInteraction(fake.chatInput({ name: "poll", subcommand: "results" }));
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat-input command");

    await interaction.deferReply();
    const deferred = await handle.waitForCallback();
    expect(deferred.type).toBe(5);
    expect(handle.originalMessage()?.flags).toBe(MessageFlags.Loading);

    const edited = await interaction.editReply({ content: "3 yes, 1 no" });
    expect(edited.id).toBe(handle.originalMessage()?.id);
    expect(handle.originalMessage()).toMatchObject({ content: "3 yes, 1 no", flags: 0 });
    expect(fake.requests.some((request) => request.method === "PATCH" && request.path.endsWith("/messages/@original"))).toBe(true);

    const fetched = await interaction.fetchReply();
    expect(fetched.content).toBe("3 yes, 1 no");

    const followUp = await interaction.followUp({ content: "Details in thread", flags: MessageFlags.Ephemeral });
    expect(handle.record.followUpMessageIds).toEqual([followUp.id]);
    expect(fake.messages.find((message) => message.id === followUp.id)?.flags).toBe(MessageFlags.Ephemeral);
  });

  it("turns the first follow-up after a deferred reply into that reply, keeping it ephemeral", async () => {
    const received = nextInteraction(client);
    const handle = fake.sendInteraction(fake.chatInput({ name: "poll", subcommand: "mine" }));
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat-input command");
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const first = await interaction.followUp({ content: "Only you can see this" });
    expect(first.id).toBe(handle.originalMessage()?.id);
    expect(handle.originalMessage()).toMatchObject({ content: "Only you can see this", flags: MessageFlags.Ephemeral });
    const second = await interaction.followUp({ content: "Everyone sees this" });
    expect(second.id).not.toBe(first.id);
    expect(fake.messages.find((message) => message.id === second.id)?.flags).toBe(0);
  });

  it("sends, edits and deletes channel messages, honouring enforce_nonce", async () => {
    const sent = await general.send({ content: "Vote now", nonce: "vote-1", enforceNonce: true });
    const again = await general.send({ content: "Vote now", nonce: "vote-1", enforceNonce: true });
    expect(again.id).toBe(sent.id);
    expect(fake.messagesIn(general.id).filter((message) => message.nonce === "vote-1")).toHaveLength(1);

    const edited = await sent.edit("Vote closed");
    expect(edited.content).toBe("Vote closed");
    const stored = fake.messages.find((message) => message.id === sent.id);
    expect(stored).toMatchObject({ content: "Vote closed", deleted: false });
    expect(stored?.editedAt).not.toBeNull();
    expect(stored?.revisions).toHaveLength(2);

    await sent.delete();
    expect(stored?.deleted).toBe(true);
    await expect(general.messages.fetch({ message: sent.id, force: true })).rejects.toMatchObject({ code: 10008 });
  });

  it("uploads files as multipart and enforces Discord's message validation", async () => {
    const withFile = await general.send({ content: "Minutes", files: [{ attachment: Buffer.from("hello"), name: "minutes.txt" }] });
    expect(withFile.attachments.first()?.name).toBe("minutes.txt");
    const stored = fake.messages.find((message) => message.id === withFile.id);
    expect(stored?.attachments).toMatchObject([{ filename: "minutes.txt", size: 5 }]);
    expect(fake.requests.at(-1)?.files).toMatchObject([{ field: "files[0]", filename: "minutes.txt", size: 5 }]);

    await expect(general.send("x".repeat(2001))).rejects.toMatchObject({ status: 400, code: 50035 });
    await expect(general.send({ content: "" })).rejects.toMatchObject({ status: 400, code: 50006 });
  });

  it("delivers a chat-input command from the bot's DM and replies into the DM channel", async () => {
    const received = nextInteraction(client);
    const handle = fake.sendInteraction(fake.chatInput({ guildId: null, user: "bob", name: "whoami" }));
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat-input command");
    expect(interaction.inGuild()).toBe(false);
    expect(interaction.user.username).toBe("bob");
    expect(interaction.channelId).toBe(fake.dmChannelWith("bob")?.id);

    await interaction.reply("You are bob");
    await handle.waitForCallback();
    expect(handle.originalMessage()?.channelId).toBe(fake.dmChannelWith("bob")?.id);
  });

  it("opens a DM channel and posts in it; closed DMs are refused with 50007", async () => {
    const alice = await client.users.fetch(fake.user("alice").id);
    const dm = await alice.send("Your meeting starts in 10 minutes");
    expect(dm.channelId).toBe(fake.dmChannelWith("alice")?.id);
    expect(fake.messagesIn(dm.channelId).map((message) => message.content)).toEqual(["Your meeting starts in 10 minutes"]);

    fake.user("bob").dmsClosed = true;
    try {
      const bob = await client.users.fetch(fake.user("bob").id);
      await expect(bob.send("hello")).rejects.toMatchObject({ status: 403, code: 50007 });
    } finally {
      fake.user("bob").dmsClosed = false;
    }
  });

  it("answers a button with a modal, then reads the modal submission", async () => {
    const ballot = await general.send({
      content: "Do you approve the budget?",
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId("vote:no").setLabel("No").setStyle(ButtonStyle.Danger),
        ),
      ],
    });

    const clicked = nextInteraction(client);
    const buttonHandle = fake.sendInteraction(fake.button({ customId: "vote:no", message: ballot.id, user: "bob" }));
    const buttonInteraction = await clicked;
    if (!buttonInteraction.isButton()) throw new Error("expected a button");
    expect(buttonInteraction.customId).toBe("vote:no");
    expect(buttonInteraction.message.id).toBe(ballot.id);
    expect(buttonInteraction.user.username).toBe("bob");

    await buttonInteraction.showModal(
      new ModalBuilder()
        .setCustomId("reason:no")
        .setTitle("Why no?")
        .addLabelComponents(
          new LabelBuilder()
            .setLabel("Reason")
            .setTextInputComponent(new TextInputBuilder().setCustomId("reason").setStyle(TextInputStyle.Paragraph)),
        ),
    );
    const modalCallback = await buttonHandle.waitForCallback();
    expect(modalCallback.type).toBe(9);
    expect(modalCallback.data).toMatchObject({ custom_id: "reason:no", title: "Why no?" });

    const submitted = nextInteraction(client);
    const submitHandle = fake.sendInteraction(
      fake.modalSubmit({ customId: "reason:no", fields: { reason: "Too expensive" }, user: "bob", message: ballot.id, layout: "label" }),
    );
    const submission = await submitted;
    if (!submission.isModalSubmit()) throw new Error("expected a modal submission");
    expect(submission.customId).toBe("reason:no");
    expect(submission.fields.getTextInputValue("reason")).toBe("Too expensive");
    if (!submission.isFromMessage()) throw new Error("expected a modal opened from a message");
    expect(submission.message.id).toBe(ballot.id);

    // Updating from the modal edits the ballot message itself (callback type 7).
    await submission.update({ content: "Budget vote: 1 no", components: [] });
    expect((await submitHandle.waitForCallback()).type).toBe(7);
    expect(fake.messages.find((message) => message.id === ballot.id)).toMatchObject({
      content: "Budget vote: 1 no",
      components: [],
    });
  });

  it("reads action-row modal submissions, and deferUpdate + editReply edit the source message", async () => {
    const ballot = await general.send({
      content: "Approve?",
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId("vote:yes").setLabel("Yes").setStyle(ButtonStyle.Success),
        ),
      ],
    });
    const clicked = nextInteraction(client);
    const handle = fake.sendInteraction(fake.button({ customId: "vote:yes", message: ballot.id }));
    const button = await clicked;
    if (!button.isButton()) throw new Error("expected a button");
    await button.deferUpdate();
    expect((await handle.waitForCallback()).type).toBe(6);
    await button.editReply({ content: "Approve? (1 yes)" });
    expect(fake.messages.find((message) => message.id === ballot.id)?.content).toBe("Approve? (1 yes)");

    const submitted = nextInteraction(client);
    fake.sendInteraction(fake.modalSubmit({ customId: "note", fields: { text: "hello", other: "world" } }));
    const submission = await submitted;
    if (!submission.isModalSubmit()) throw new Error("expected a modal submission");
    expect(submission.fields.getTextInputValue("text")).toBe("hello");
    expect(submission.fields.getTextInputValue("other")).toBe("world");
    expect(submission.message).toBeNull();
  });

  it("delivers autocomplete with the focused option and records the choices", async () => {
    const received = nextInteraction(client);
    const handle = fake.sendInteraction(
      fake.autocomplete({ name: "poll", subcommand: "open", options: { title: "Mar" }, focused: "title" }),
    );
    const interaction = await received;
    if (!interaction.isAutocomplete()) throw new Error("expected autocomplete");
    expect(interaction.options.getSubcommand()).toBe("open");
    expect(interaction.options.getFocused(true)).toMatchObject({ name: "title", value: "Mar" });

    await interaction.respond([{ name: "Mars landing", value: "mars" }]);
    const callback = await handle.waitForCallback();
    expect(callback.type).toBe(8);
    expect(callback.data).toEqual({ choices: [{ name: "Mars landing", value: "mars" }] });
  });

  it("refuses a second acknowledgement and a callback after the acknowledgement window", async () => {
    const received = nextInteraction(client);
    const handle = fake.sendInteraction(fake.chatInput({ name: "poll", subcommand: "open" }));
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat-input command");
    await interaction.deferReply();
    // discord.js guards against double replies itself, so go straight to the REST route.
    await expect(
      client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: { type: 4, data: { content: "again" } }, auth: false }),
    ).rejects.toMatchObject({ status: 400, code: 40060 });
    expect(fake.interactionResponses.get(handle.id)?.type).toBe(5);

    fake.ackWindowMs = 50;
    try {
      const slowReceived = nextInteraction(client);
      const slowHandle = fake.sendInteraction(fake.chatInput({ name: "poll", subcommand: "open" }));
      const slow = await slowReceived;
      if (!slow.isChatInputCommand()) throw new Error("expected a chat-input command");
      await new Promise((resolve) => setTimeout(resolve, 120));
      await expect(slow.reply({ content: "too late" })).rejects.toMatchObject({ status: 404, code: 10062 });
      const callback = await slowHandle.waitForCallback();
      expect(callback.late).toBe(true);
      expect(callback.elapsedMs).toBeGreaterThanOrEqual(120);
      expect(slowHandle.originalMessage()).toBeNull();
    } finally {
      fake.ackWindowMs = 3000;
    }
  });

  it("makes discord.js wait out an injected 429 and then create exactly one message", async () => {
    const before = fake.messagesIn(general.id).length;
    const rateLimited: number[] = [];
    const onRateLimited = (info: { retryAfter: number; timeToReset: number }) => rateLimited.push(info.timeToReset);
    client.rest.on("rateLimited", onRateLimited);
    fake.failNext({ route: "POST /channels/:id/messages", status: 429, retryAfter: 0.3 });

    const started = Date.now();
    try {
      const message = await general.send("after the rate limit");
      expect(message.content).toBe("after the rate limit");
    } finally {
      client.rest.off("rateLimited", onRateLimited);
    }

    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(fake.messagesIn(general.id).length).toBe(before + 1);
    const posts = fake.requests.filter((request) => request.method === "POST" && request.path === `/channels/${general.id}/messages`).slice(-2);
    expect(posts.map((request) => request.status)).toEqual([429, 200]);
    expect(posts[0]?.injectedFault).toBe(true);
    expect(rateLimited.length).toBeGreaterThan(0);
  });

  it("makes discord.js wait out an injected global 429 on an interaction callback", async () => {
    fake.failNext({ route: /^POST \/interactions\//, status: 429, retryAfter: 0.2, global: true });
    const received = nextInteraction(client);
    const handle = fake.sendInteraction(fake.chatInput({ name: "poll", subcommand: "open" }));
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat-input command");
    await interaction.reply("rate limited but answered");
    const callback = await handle.waitForCallback();
    expect(callback.type).toBe(4);
    expect(callback.elapsedMs).toBeGreaterThanOrEqual(200);
    expect(fake.pendingFaults).toBe(0);
  });

  it("retries a 500 transparently, and surfaces an HTTPError once the retries are used up", async () => {
    const before = fake.messagesIn(general.id).length;
    fake.failNext({ route: "POST /channels/:id/messages", status: 500 });
    await general.send("survives one 500");
    expect(fake.messagesIn(general.id).length).toBe(before + 1);

    fake.failNext({ route: "POST /channels/:id/messages", status: 500, times: REST_RETRIES + 1 });
    const attemptsBefore = fake.requests.length;
    const error = await general.send("never arrives").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HTTPError);
    expect((error as HTTPError).status).toBe(500);
    expect(fake.requests.length - attemptsBefore).toBe(REST_RETRIES + 1);
    expect(fake.messagesIn(general.id).length).toBe(before + 1);
  });

  it("resumes after the gateway drops the connection and replays missed dispatches", async () => {
    const session = fake.gateway.sessions[0];
    expect(session).toBeDefined();
    const resumed = new Promise<void>((resolve) => client.once(Events.ShardResume, () => resolve()));
    fake.gateway.disconnectAll();
    // Dispatched while the client is disconnected: it must arrive after the RESUME.
    const received = nextInteraction(client, 10_000);
    const handle = fake.sendInteraction(fake.chatInput({ name: "poll", subcommand: "open" }));
    await resumed;
    const interaction = await received;
    expect(interaction.id).toBe(handle.id);
    expect(session?.resumeCount).toBe(1);
    expect(fake.gatewayEvents.some((event) => event.direction === "received" && event.op === 6)).toBe(true);
  });
});

describe("fake Discord REST and gateway edges", () => {
  let fake: FakeDiscord;

  beforeAll(async () => {
    fake = await startFakeDiscord();
  });

  afterAll(async () => {
    await fake?.close();
  });

  it("answers 401 to a wrong bot token, and discord.js reports an invalid token on login", async () => {
    const rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken("not-the-token");
    await expect(rest.get(Routes.user())).rejects.toMatchObject({ status: 401 });

    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    await expect(client.login("not-the-token")).rejects.toMatchObject({ code: "TokenInvalid" });
    await client.destroy();
  });

  it("answers unknown routes with a Discord-shaped 404 and records them", async () => {
    const rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(fake.token);
    const error = await rest.get("/no/such/route").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ status: 404, code: 0, rawError: { message: "404: Not Found", code: 0 } });
    expect(fake.unmatchedRequests.map((request) => request.path)).toContain("/no/such/route");
  });

  it("closes a gateway connection whose IDENTIFY carries a wrong token with 4004", async () => {
    const url = `${fake.apiUrl.replace(/^http/, "ws").replace(/\/api$/, "")}/gateway?v=10&encoding=json`;
    const socket = new WebSocket(url);
    const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
    const hello = await new Promise<{ op: number; d: { heartbeat_interval: number } }>((resolve) =>
      socket.once("message", (data) => resolve(JSON.parse(String(data)))),
    );
    expect(hello.op).toBe(10);
    expect(hello.d.heartbeat_interval).toBeGreaterThan(0);
    socket.send(JSON.stringify({ op: 2, d: { token: "wrong", intents: 1, properties: {} } }));
    expect(await closed).toBe(GatewayClose.AuthenticationFailed);
  });

  it("rejects sending an interaction when no client is connected, and waitFor times out", async () => {
    expect(() => fake.sendInteraction(fake.chatInput({ name: "poll" }))).toThrow(/no gateway session/);
    await expect(fake.waitFor(() => false, 50, "nothing")).rejects.toThrow(/timed out after 50 ms waiting for nothing/);
  });
});

import type { PlatformFactory } from "../../app/platform.ts";
import { slackWanted } from "./config.ts";

/** Slack runs when any Slack credential is set; its settings are then required or checked. */
export const slackPlatform: PlatformFactory = {
  name: "slack",
  configured: slackWanted,
  async create(env, services) {
    // Bolt takes a second or more to load, so only a bot that runs on Slack imports it.
    const { createSlackAdapter } = await import("./index.ts");
    return createSlackAdapter(env, services);
  },
};

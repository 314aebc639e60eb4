// The chat platforms the bot can run on. Each adapter adds its factory here.
import type { PlatformFactory } from "./platform.ts";

export const platformFactories: PlatformFactory[] = [];

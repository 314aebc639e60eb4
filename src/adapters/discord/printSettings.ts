// `npm run discord:settings` prints the Discord application's settings for gateway mode;
// `npm run discord:settings -- --url https://bot.example.org` for HTTP interactions mode (the
// Interactions Endpoint URL is that address + /discord/interactions); `--out discord-settings.json`
// writes them to a file. `npm run discord:deploy` sends the commands and the endpoint itself.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { discordSettings } from "./settings.ts";

const { values } = parseArgs({ options: { url: { type: "string" }, out: { type: "string" } } });
if (values.url !== undefined && !/^https:\/\/[^\s/]+(\/\S*)?$/.test(values.url)) {
  process.stderr.write("--url must be the bot's public https address (PUBLIC_URL), such as https://bot.example.org\n");
  process.exit(2);
}
const json = `${JSON.stringify(discordSettings({ publicUrl: values.url }), null, 2)}\n`;
if (values.out) {
  writeFileSync(values.out, json);
  process.stderr.write(`Wrote ${values.out}\n`);
} else {
  process.stdout.write(json);
}

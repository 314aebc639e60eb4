// `npm run slack:manifest` prints the app manifest for Socket Mode;
// `npm run slack:manifest -- --url https://bot.example.org/slack/events` for HTTP mode;
// `--out slack-manifest.json` writes it to a file. The prefix comes from SLACK_COMMAND_PREFIX or --prefix.
// With PUBLIC_URL (or --public-url) the OAuth Redirect URL of a distributed app is listed too.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { oauthRedirectUrl } from "./config.ts";
import { slackManifest } from "./manifest.ts";

const { values } = parseArgs({
  options: { url: { type: "string" }, prefix: { type: "string" }, name: { type: "string" }, out: { type: "string" }, "public-url": { type: "string" } },
});
const publicUrl = (values["public-url"] ?? process.env["PUBLIC_URL"]?.trim()) || undefined;
if (publicUrl !== undefined && !/^https:\/\/\S+$/.test(publicUrl)) {
  process.stderr.write("PUBLIC_URL (or --public-url) must be the bot's public https address, such as https://bot.example.org\n");
  process.exit(2);
}
if (values.url !== undefined && !/^https:\/\/\S+$/.test(values.url)) {
  process.stderr.write("--url must be the public https request URL, such as https://bot.example.org/slack/events\n");
  process.exit(2);
}
const redirectUrl = publicUrl ? oauthRedirectUrl(publicUrl) : undefined;
const json = JSON.stringify(slackManifest({ requestUrl: values.url, commandPrefix: values.prefix ?? process.env["SLACK_COMMAND_PREFIX"], appName: values.name, redirectUrl }), null, 2) + "\n";
if (values.out) {
  writeFileSync(values.out, json);
  process.stderr.write(`Wrote ${values.out}\n`);
} else {
  process.stdout.write(json);
}

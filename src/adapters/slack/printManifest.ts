// `npm run slack:manifest` prints the app manifest for Socket Mode;
// `npm run slack:manifest -- --url https://bot.example.org/slack/events` for HTTP mode;
// `--out slack-manifest.json` writes it to a file. The prefix comes from SLACK_COMMAND_PREFIX or --prefix.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { slackManifest } from "./manifest.ts";

const { values } = parseArgs({
  options: { url: { type: "string" }, prefix: { type: "string" }, name: { type: "string" }, out: { type: "string" } },
});
if (values.url !== undefined && !/^https:\/\/\S+$/.test(values.url)) {
  process.stderr.write("--url must be the public https request URL, such as https://bot.example.org/slack/events\n");
  process.exit(2);
}
const json = JSON.stringify(slackManifest({ requestUrl: values.url, commandPrefix: values.prefix ?? process.env["SLACK_COMMAND_PREFIX"], appName: values.name }), null, 2) + "\n";
if (values.out) {
  writeFileSync(values.out, json);
  process.stderr.write(`Wrote ${values.out}\n`);
} else {
  process.stdout.write(json);
}

// The app manifest as Slack's published manifest schema constrains it, for the fake's
// apps.manifest.validate. Slack publishes that schema as JSON (github.com/slackapi/manifest-schema,
// schemas/manifest.schema.1.0.0.json; read at commit 19557f58d932d71155ce85c581dc7c72637abe1c, MIT per
// its pyproject.toml), but no npm package ships it, and the project does not copy files from other
// repositories, so these checks are written from its constraints, which @slack/web-api's `Manifest`
// type documents too. They cover the parts of a manifest a Bolt app like this one uses, strictly (the
// schema forbids additional properties at every level); the schema's other top-level sections
// (functions, workflows, datastores, app_directory, …) are refused as not checked by the fake, so a
// manifest that starts using one gets its checks written first.
import { z } from "zod";

const httpUrl = (max: number) => z.string().max(max).regex(/^https?:\/\//, "must start with http:// or https://");
const uniqueStrings = (max: number, items: number) =>
  z.array(z.string().max(max)).max(items).refine((list) => new Set(list).size === list.length, "items must be unique");

const metadata = z.strictObject({
  schema_version: z.int().optional(),
  min_version: z.int().optional(),
  major_version: z.int().optional(),
  minor_version: z.int().optional(),
});

/** name 1–35, description 1–140, background_color #rgb or #rrggbb, long_description 175–4000. */
const displayInformation = z.strictObject({
  name: z.string().min(1).max(35),
  description: z.string().min(1).max(140).optional(),
  background_color: z.string().regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/, "must be #rgb or #rrggbb").optional(),
  long_description: z.string().min(175).max(4000).optional(),
});

const appHome = z.strictObject({
  home_tab_enabled: z.boolean().optional(),
  messages_tab_enabled: z.boolean().optional(),
  messages_tab_read_only_enabled: z.boolean().optional(),
});

/** display_name 1–80. */
const botUser = z.strictObject({ display_name: z.string().min(1).max(80), always_online: z.boolean().optional() });

/** 1–10 shortcuts: name 1–24, type message|global, callback_id 1–255, description 1–150. */
const shortcuts = z
  .array(z.strictObject({ name: z.string().min(1).max(24), type: z.enum(["message", "global"]), callback_id: z.string().min(1).max(255), description: z.string().min(1).max(150) }))
  .min(1)
  .max(10);

/** 1–50 slash commands: command 2–32 starting with "/", url ≤ 3000, description 1–2000, usage_hint 1–1000. */
const slashCommands = z
  .array(
    z.strictObject({
      command: z.string().min(2).max(32).regex(/^\//, 'must start with "/"'),
      url: httpUrl(3000).optional(),
      description: z.string().min(1).max(2000),
      usage_hint: z.string().min(1).max(1000).optional(),
      should_escape: z.boolean().optional(),
    }),
  )
  .min(1)
  .max(50);

/** 1–5 unique unfurl domains, each ≤ 255, lower-case host names. */
const unfurlDomains = z
  .array(z.string().max(255).regex(/^(?![.-])([-a-z0-9.])+([a-z0-9])$/, "must be a lower-case domain"))
  .min(1)
  .max(5)
  .refine((list) => new Set(list).size === list.length, "items must be unique");

const features = z.strictObject({
  app_home: appHome.optional(),
  bot_user: botUser.optional(),
  shortcuts: shortcuts.optional(),
  slash_commands: slashCommands.optional(),
  unfurl_domains: unfurlDomains.optional(),
});

/** Scopes: up to 255 per list, each ≤ 50; redirect URLs up to 1000, unique, each ≤ 2500. */
const scopeList = z.array(z.string().max(50)).max(255);
const oauthConfig = z.strictObject({
  redirect_urls: uniqueStrings(2500, 1000).optional(),
  scopes: z.strictObject({ user: scopeList.optional(), bot: scopeList.optional(), user_optional: scopeList.optional(), bot_optional: scopeList.optional() }).optional(),
  token_management_enabled: z.boolean().optional(),
  pkce_enabled: z.boolean().optional(),
});

/** request_url ≤ 3500; bot and user events up to 100 each, unique, each ≤ 50. */
const eventSubscriptions = z.strictObject({
  request_url: httpUrl(3500).optional(),
  user_events: uniqueStrings(50, 100).optional(),
  bot_events: uniqueStrings(50, 100).optional(),
});

/** is_enabled required; request_url and message_menu_options_url ≤ 3500. */
const interactivity = z.strictObject({
  is_enabled: z.boolean(),
  request_url: httpUrl(3500).optional(),
  message_menu_options_url: httpUrl(3500).optional(),
});

const ipv4Range = /^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])(\/(3[0-2]|[1-2][0-9]|[0-9]))?$/;

const settings = z.strictObject({
  allowed_ip_address_ranges: z.array(z.string().regex(ipv4Range, "must be an IPv4 address or range")).min(1).max(50).optional(),
  event_subscriptions: eventSubscriptions.optional(),
  incoming_webhooks: z.strictObject({ incoming_webhooks_enabled: z.boolean().optional() }).optional(),
  interactivity: interactivity.optional(),
  org_deploy_enabled: z.boolean().optional(),
  socket_mode_enabled: z.boolean().optional(),
  is_hosted: z.boolean().optional(),
  token_rotation_enabled: z.boolean().optional(),
  siws_links: z.strictObject({ initiate_uri: z.string().max(3500).regex(/^https:\/\//, "must start with https://").optional() }).optional(),
  hermes_app_type: z.string().optional(),
  function_runtime: z.string().optional(),
  is_mcp_enabled: z.boolean().optional(),
});

/** The manifest, version 1: display_information required, no other top-level keys than these. */
export const manifestSchema = z.strictObject({
  $schema: z.url().optional(),
  _metadata: metadata.optional(),
  display_information: displayInformation,
  features: features.optional(),
  oauth_config: oauthConfig.optional(),
  settings: settings.optional(),
});

export interface ManifestProblem {
  /** JSON pointer into the manifest, as apps.manifest.validate reports it: `/features/slash_commands/0/command`. */
  pointer: string;
  message: string;
}

export function checkManifest(manifest: unknown): ManifestProblem[] {
  const result = manifestSchema.safeParse(manifest);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ pointer: issue.path.map((key) => `/${String(key)}`).join("") || "/", message: issue.message }));
}

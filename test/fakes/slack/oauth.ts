// Slack's OAuth v2 for a distributed app, as https://docs.slack.dev/authentication/installing-with-oauth
// describes it: the browser of a user signed in to a workspace opens /oauth/v2/authorize with the app's
// client_id, scopes, state and (optionally) a redirect_uri among the app's registered Redirect URLs;
// on "Allow" Slack redirects it to that URL with a one-time `code` (valid 10 minutes) and the state,
// unchanged; the app exchanges the code with oauth.v2.access, authenticating with its client_id and
// client_secret (HTTP Basic, or form fields), and gets that workspace's bot token.
import { randomBytes } from "node:crypto";
import { SlackApiError, type Workspace } from "./state.ts";

export interface FakeOAuthApp {
  clientId: string;
  clientSecret: string;
  /** The app's Redirect URLs (OAuth & Permissions); a redirect_uri must be one of them (or under one, as Slack allows). */
  redirectUrls: string[];
}

/** The browser's session at the fake: who is signed in, to which workspace. */
export const SESSION_COOKIE = "fake_slack_session";

interface IssuedCode {
  teamId: string;
  userId: string;
  scopes: string[];
  /** As sent to the authorize page: oauth.v2.access must then send the same one. */
  redirectUri: string | undefined;
  issuedAt: number;
  used: boolean;
  /** An Enterprise Grid admin installing for the whole organization: Slack then answers with no team. */
  orgWide: string | undefined;
}

/** The workspaces an install can go to, with the bot token Slack issues there. */
export interface InstallTarget {
  workspace: Workspace;
  botToken: string;
  /** Reissues the token after an uninstall, with the scopes granted by this install. */
  reinstate(scopes: readonly string[]): void;
}

export interface AuthorizePageResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Slack lets a code be exchanged within 10 minutes. */
export const CODE_TTL_MS = 10 * 60_000;

export class FakeOAuth {
  private readonly codes = new Map<string, IssuedCode>();

  constructor(
    readonly app: FakeOAuthApp,
    private readonly targetOf: (teamId: string) => InstallTarget | undefined,
  ) {}

  /** GET /oauth/v2/authorize, answered as if the signed-in user pressed "Allow". */
  authorize(url: URL, cookie: string | undefined): AuthorizePageResult {
    const query = url.searchParams;
    const page = (status: number, text: string): AuthorizePageResult => ({ status, headers: { "Content-Type": "text/html; charset=utf-8" }, body: `<html><body><p>${text}</p></body></html>` });
    if (query.get("client_id") !== this.app.clientId) return page(400, "invalid_client_id: the link you followed is not of a known app");
    const scopes = (query.get("scope") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (scopes.length === 0) return page(400, "invalid_scope: the app asks for no scope");
    const asked = query.get("redirect_uri") ?? undefined;
    const redirect = asked ?? this.app.redirectUrls[0];
    if (!redirect || !this.app.redirectUrls.some((registered) => redirect === registered || redirect.startsWith(`${registered.replace(/\/$/, "")}/`))) {
      return page(400, "bad_redirect_uri: redirect_uri did not match any configured URIs");
    }
    const session = cookieValue(cookie, SESSION_COOKIE);
    const [teamId, userId, orgWide] = session?.split(":") ?? [];
    const target = teamId ? this.targetOf(teamId) : undefined;
    if (!target || !userId) return page(401, "Sign in to your workspace to continue");
    const code = `${Date.now()}.${randomBytes(12).toString("hex")}`;
    this.codes.set(code, { teamId: target.workspace.teamId, userId, scopes, redirectUri: asked, issuedAt: Date.now(), used: false, orgWide: orgWide || undefined });
    const to = new URL(redirect);
    to.searchParams.set("code", code);
    const state = query.get("state");
    if (state !== null) to.searchParams.set("state", state);
    return { status: 302, headers: { Location: to.toString() }, body: "" };
  }

  /** oauth.v2.access: client credentials from HTTP Basic or the form, then the code, once. */
  exchange(args: Record<string, unknown>, authorization: string | undefined): Record<string, unknown> {
    const basic = /^Basic\s+(.+)$/i.exec(authorization ?? "")?.[1];
    const [basicId, basicSecret] = basic ? splitOnce(Buffer.from(basic, "base64").toString("utf8"), ":") : [undefined, undefined];
    const clientId = basicId ?? stringArg(args.client_id);
    const clientSecret = basicSecret ?? stringArg(args.client_secret);
    if (clientId !== this.app.clientId) throw new SlackApiError("invalid_client_id");
    if (clientSecret !== this.app.clientSecret) throw new SlackApiError("bad_client_secret");
    const grantType = stringArg(args.grant_type);
    if (grantType !== undefined && grantType !== "authorization_code") throw new SlackApiError("invalid_grant_type");
    const code = stringArg(args.code);
    const issued = code ? this.codes.get(code) : undefined;
    if (!issued || issued.used || Date.now() - issued.issuedAt > CODE_TTL_MS) throw new SlackApiError("invalid_code");
    if (issued.redirectUri !== undefined && stringArg(args.redirect_uri) !== issued.redirectUri) throw new SlackApiError("bad_redirect_uri");
    issued.used = true;
    const target = this.targetOf(issued.teamId);
    if (!target) throw new SlackApiError("invalid_code");
    target.reinstate(issued.scopes);
    const { workspace } = target;
    if (issued.orgWide) {
      // https://docs.slack.dev/enterprise/developing-for-enterprise-orgs: an org-wide install has no team.
      return {
        access_token: target.botToken,
        token_type: "bot",
        scope: issued.scopes.join(","),
        bot_user_id: workspace.botUserId,
        app_id: workspace.appId,
        team: null,
        enterprise: { name: "Fake Grid", id: issued.orgWide },
        authed_user: { id: issued.userId },
        is_enterprise_install: true,
      };
    }
    return {
      access_token: target.botToken,
      token_type: "bot",
      scope: issued.scopes.join(","),
      bot_user_id: workspace.botUserId,
      app_id: workspace.appId,
      team: { name: workspace.teamDomain, id: workspace.teamId },
      enterprise: null,
      authed_user: { id: issued.userId },
      is_enterprise_install: false,
    };
  }

  /** The codes issued so far, for tests that replay one. */
  get issued(): number {
    return this.codes.size;
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, value] = splitOnce(part.trim(), "=");
    if (key === name) return decodeURIComponent(value ?? "");
  }
  return undefined;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}

function stringArg(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

// A demo group for a fresh database, built through the same use cases that users run, so that it
// is exactly as valid as a group set up by hand.
import { addAgency } from "../../core/agencies/manageAgencies.ts";
import type { Caller } from "../../core/access/actor.ts";
import type { Deps } from "../../core/deps.ts";
import { addDelegate } from "../../core/people/manageDelegates.ts";
import { grantRole } from "../../core/people/manageRoles.ts";
import { handOverChair } from "../../core/chair/handOverChair.ts";
import { bindChannel } from "../../core/setup/configureGroup.ts";
import type { Result } from "../../core/shared/result.ts";

const AGENCIES = [
  ["NASA", "National Aeronautics and Space Administration", "alice"],
  ["ESA", "European Space Agency", "bruno"],
  ["JAXA", "Japan Aerospace Exploration Agency", "chiyo"],
  ["CSA", "Canadian Space Agency", "dana"],
  ["CNES", "Centre national d'études spatiales", "emile"],
  ["DLR", "German Aerospace Center", "frieda"],
  ["ASI", "Italian Space Agency", "giulia"],
  ["KARI", "Korea Aerospace Research Institute", "hyun"],
] as const;

const shellUser = (handle: string) => ({ handle, identity: { platform: "shell" as const, externalId: handle } });

function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`demo set-up refused: ${r.refusal.reason}`);
  return r.value;
}

export async function bindShellChannels(deps: Deps, operator: Caller): Promise<void> {
  must(await bindChannel(deps, operator, "shell", "announcements"));
  must(await bindChannel(deps, operator, "shell", "secretariat"));
}

export async function seedDemo(deps: Deps, operator: Caller): Promise<string> {
  for (const [code, name, head] of AGENCIES) {
    must(await addAgency(deps, operator, { code, name }));
    must(await addDelegate(deps, operator, { agency: code, user: shellUser(head), head: true }));
  }
  must(await addAgency(deps, operator, { code: "ISRO", name: "Indian Space Research Organisation", status: "invited", frameworkContributor: true }));
  must(await addDelegate(deps, operator, { agency: "NASA", user: shellUser("nora") }));
  must(await grantRole(deps, operator, shellUser("sam"), "secretariat"));
  // The chair took office when the demo starts, so that /chair status shows a real term.
  const today = deps.clock.now().toISOString().slice(0, 10);
  must(await handOverChair(deps, operator, { agency: "JAXA", user: shellUser("chiyo"), from: today }));
  return [
    "A demo group is ready: 8 participating agencies, each with a head of delegation",
    `(${AGENCIES.map(([code, , head]) => `${head}/${code}`).join(", ")}), nora also for NASA,`,
    "sam of the Secretariat, chiyo of JAXA as chair, and ISRO invited as a Framework Document contributor.",
    'Try: /poll open title:"Adopt the 2027 workplan" closes:7d   then   as alice   /poll position id:1 stance:concur',
    "Switch speaker with `as HANDLE`; /help lists the commands; start with --empty for a blank group.",
  ].join("\n");
}

import type { Card, CardSection } from "../cards/card.ts";
import { timeMarker } from "../shared/markup.ts";
import type { Waiting } from "./whatIsWaiting.ts";

const where = (m: Waiting["meetings"][number]): string => (m.city ? `, ${m.city}${m.country ? ` (${m.country})` : ""}` : "");

/** A person's waiting list as every platform shows it: /waiting's answer, and Slack's Home tab. */
export function waitingCardModel(w: Waiting): Card {
  const sections: CardSection[] = [
    {
      id: "polls",
      heading: w.agency ? `Polls waiting for ${w.agency}` : "Polls",
      lines: w.agency
        ? w.polls.length
          ? w.polls.map((p) => ({ label: `Poll #${p.poll.id}`, mark: p.stance, text: `${p.poll.title} — closes ${timeMarker(p.poll.closesAt)}${p.stance === "object" ? " (your agency objects)" : ""}` }))
          : [{ text: "Nothing to answer." }]
        : [{ text: "You speak for no agency: no poll waits for you." }],
    },
    {
      id: "meetings",
      heading: "Coming meetings",
      lines: w.meetings.length ? w.meetings.map((m) => ({ label: `#${m.id}`, text: `${m.title}, ${m.startsOn} to ${m.endsOn}${where(m)} — ${m.status}` })) : [{ text: "None planned." }],
    },
  ];
  if (w.secretariat) {
    sections.push(
      {
        id: "notices",
        heading: "Advisor notices to acknowledge",
        lines: w.notices.length ? w.notices.map((n) => ({ label: `#${n.id}`, text: `${n.name} (${n.agency}) for ${n.meetingTitle}${n.late ? " — LATE" : ""}: /advisor ack id:${n.id}` })) : [{ text: "None." }],
      },
      { id: "alerts", heading: "Alerts", lines: w.alerts.length ? w.alerts.map((a) => ({ text: a.text })) : [{ text: "None due." }] },
    );
  }
  const count = w.polls.length + w.notices.length + w.alerts.length;
  return {
    kind: "waiting",
    label: "Waiting",
    title: `for ${w.handle}${w.agency ? ` (${w.agency})` : ""}`,
    tone: count ? "open" : "neutral",
    fields: [],
    sections,
    actions: [],
    summary: count ? `${count} thing${count === 1 ? "" : "s"} waiting for ${w.handle}.` : `Nothing waiting for ${w.handle}.`,
  };
}

/** The same card as plain text, for the shell and for clients that show no cards. */
export function cardText(card: Card): string {
  const head = `${card.label} ${card.title}`;
  const body = card.sections.map((s) => [`${s.heading}:`, ...s.lines.map((l) => `  ${[l.label, l.text].filter(Boolean).join("  ")}`)].join("\n"));
  return [head, ...body].join("\n");
}

// Message text is platform-neutral. A moment in time is written as a marker that each adapter
// renders natively: <t:…> on Discord, <!date^…> on Slack, the group's local time in the shell.

const MARKER = /⟦time:(-?\d+)⟧/g;

export function timeMarker(at: Date): string {
  return `⟦time:${Math.floor(at.getTime() / 1000)}⟧`;
}

export function renderTimes(text: string, render: (at: Date) => string): string {
  return text.replace(MARKER, (_, seconds: string) => render(new Date(Number(seconds) * 1000)));
}

// Reads an iCalendar file on standard input with ical.js (npm), a reader independent of the
// Python `icalendar` library the project writes with, and prints what a calendar app would show
// as JSON on standard output:
//   {"events": [{"uid", "summary", "start", "end", "recurrence_id"}],
//    "occurrences": [{"uid", "summary", "start", "end"}]}
// Times are UTC ISO 8601 ("2026-04-20T16:00:00.000Z"); all-day dates stay dates ("2026-04-20").
// "occurrences" expands each series (RRULE, EXDATE, RECURRENCE-ID overrides), at most 500 each.
// The VTIMEZONE blocks of the file are the only time zone data used, as in a calendar app.
import ICAL from "ical.js";

const MAX_OCCURRENCES = 500;

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

function iso(time) {
  if (!time) return null;
  if (time.isDate) return time.toString();
  return time.toJSDate().toISOString();
}

const calendar = new ICAL.Component(ICAL.parse(await readStdin()));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtimezone);
}

const events = [];
const occurrences = [];
const overrides = new Map();
const vevents = calendar.getAllSubcomponents("vevent").map((c) => new ICAL.Event(c));
for (const event of vevents) {
  events.push({
    uid: event.uid,
    summary: event.summary,
    start: iso(event.startDate),
    end: iso(event.endDate),
    recurrence_id: iso(event.recurrenceId),
  });
  if (event.isRecurrenceException()) {
    if (!overrides.has(event.uid)) overrides.set(event.uid, []);
    overrides.get(event.uid).push(event);
  }
}
for (const event of vevents) {
  if (event.isRecurrenceException()) continue;
  if (!event.isRecurring()) {
    occurrences.push({ uid: event.uid, summary: event.summary, start: iso(event.startDate), end: iso(event.endDate) });
    continue;
  }
  for (const override of overrides.get(event.uid) || []) event.relateException(override);
  const iterator = event.iterator();
  for (let next = iterator.next(), n = 0; next && n < MAX_OCCURRENCES; next = iterator.next(), n++) {
    const details = event.getOccurrenceDetails(next);
    occurrences.push({
      uid: event.uid,
      summary: details.item.summary,
      start: iso(details.startDate),
      end: iso(details.endDate),
    });
  }
}
process.stdout.write(JSON.stringify({ events, occurrences }, null, 2) + "\n");

// Linkwork console, ops: the live list of event envelopes. console.js turns each envelope of
// the live feed into a `live:envelope` event on the body; here each one becomes a new first
// row of the table the server rendered (so the page works without this script), filtered by
// the chosen event type, with the list kept to the length the page started with. A button
// pauses the list (content that moves by itself must be able to be stopped: WCAG 2.2.2).
const table = document.getElementById("envelopes");
const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

// As the server writes it (domain/moments.py utc_time): 3 December 2026, 12:43:06 UTC.
function utcTime(iso) {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso || "";
  const two = (n) => String(n).padStart(2, "0");
  const time = `${two(moment.getUTCHours())}:${two(moment.getUTCMinutes())}:${two(moment.getUTCSeconds())}`;
  return `${moment.getUTCDate()} ${MONTHS[moment.getUTCMonth()]} ${moment.getUTCFullYear()}, ${time} UTC`;
}

function cell(...children) {
  const td = document.createElement("td");
  td.className = "nhsuk-table__cell";
  td.append(...children);
  return td;
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  node.textContent = text || "";
  if (className) node.className = className;
  return node;
}

function rowOf(envelope) {
  const row = document.createElement("tr");
  row.className = "nhsuk-table__row linkwork-new";
  row.dataset.eventId = envelope.event_id || "";
  row.dataset.eventType = envelope.event_type || "";
  row.append(
    cell(utcTime(envelope.occurred_at)),
    cell(
      element("strong", envelope.event_type),
      document.createElement("br"),
      element("span", envelope.topic, "nhsuk-u-secondary-text-color"),
    ),
    cell(envelope.producer || ""),
    cell(element("code", envelope.aggregate_id, "linkwork-id")),
    cell(element("code", envelope.correlation_id, "linkwork-id")),
  );
  return row;
}

if (table) {
  const rows = table.tBodies[0];
  const limit = Number(table.dataset.limit) || 50;
  const filter = document.getElementById("event_type");
  const controls = document.getElementById("envelopes-controls");
  let paused = false;
  let missed = 0;

  const note = element("p", "New events appear at the top as they happen.");
  const pause = element("button", "Pause live events", "nhsuk-button nhsuk-button--secondary nhsuk-button--small");
  pause.type = "button";
  pause.id = "pause-envelopes";
  pause.setAttribute("aria-pressed", "false");
  pause.addEventListener("click", () => {
    paused = !paused;
    pause.setAttribute("aria-pressed", String(paused));
    pause.textContent = paused ? "Resume live events" : "Pause live events";
    if (!paused && missed) {
      note.textContent = `${missed} event${missed === 1 ? "" : "s"} arrived while paused: reload the page to see them.`;
      missed = 0;
    } else {
      note.textContent = paused ? "Paused: new events are not added." : "New events appear at the top as they happen.";
    }
  });
  if (controls) controls.append(note, pause);

  const chosen = () => (filter ? filter.value : "");
  // Choosing a type shows only its rows at once; the form's button asks the server for more.
  if (filter) {
    filter.addEventListener("change", () => {
      for (const row of rows.rows) row.hidden = Boolean(chosen()) && row.dataset.eventType !== chosen();
    });
  }

  document.body.addEventListener("live:envelope", (event) => {
    const envelope = event.detail || {};
    if (!envelope.event_type) return;
    if (chosen() && envelope.event_type !== chosen()) return;
    if (paused) {
      missed += 1;
      return;
    }
    const seen = Array.from(rows.rows).some((row) => row.dataset.eventId === envelope.event_id);
    if (seen) return;
    rows.prepend(rowOf(envelope));
    while (rows.rows.length > limit) rows.deleteRow(rows.rows.length - 1);
    const empty = document.getElementById("envelopes-empty");
    if (empty) empty.remove();
  });
}

// Linkwork console: the page's one live connection. Each message of the live feed becomes a
// DOM event (`live:referral`, `live:journey`, `live:notification`, `live:envelope`) that the
// page's htmx parts listen for (hx-trigger="live:referral from:body") to fetch themselves
// again. EventSource reconnects by itself and sends the last id it saw; a new page resumes
// from the last id the previous page saw (kept for the tab), so what happened between two
// pages (a journey starting just after its referral was accepted) still reaches this one.
const body = document.body;
const LAST_ID = "linkwork-live-last-event-id";
const status = document.getElementById("live-status");

function say(text, kind) {
  if (!status) return;
  status.hidden = false;
  status.className = `linkwork-live-status linkwork-live-status--${kind}`;
  status.textContent = "";
  const message = document.createElement("p");
  message.textContent = text;
  status.append(message);
  return status;
}

if (body.dataset.live && "EventSource" in window) {
  const last = window.sessionStorage.getItem(LAST_ID);
  const url = last ? `${body.dataset.live}?last_event_id=${encodeURIComponent(last)}` : body.dataset.live;
  const source = new EventSource(url);
  for (const name of ["referral", "journey", "notification", "envelope"]) {
    source.addEventListener(name, (event) => {
      if (event.lastEventId) window.sessionStorage.setItem(LAST_ID, event.lastEventId);
      body.dispatchEvent(new CustomEvent(`live:${name}`, { detail: JSON.parse(event.data) }));
    });
  }
  source.addEventListener("reset", () => {
    window.sessionStorage.removeItem(LAST_ID);
    window.location.reload();
  });
  source.addEventListener("unavailable", () => {
    say("Live updates are paused: reload the page to see the latest.", "warning");
  });
  source.addEventListener("expired", (event) => {
    source.close();
    const back = encodeURIComponent(window.location.pathname + window.location.search);
    const box = say(JSON.parse(event.data).message, "expired");
    if (box) {
      const link = document.createElement("a");
      link.href = `/sign-in?next=${back}`;
      link.textContent = "Sign in again";
      box.append(link);
    }
  });
  body.dataset.liveConnected = "true";
}

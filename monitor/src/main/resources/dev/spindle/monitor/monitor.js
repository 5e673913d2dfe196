// Spindle's live task page: polls /tasks.json (shape spindle-tasks/1) once a second and renders it.
// Ages and times left tick between polls. Every value is set with textContent: task names are data.
'use strict';

const POLL_MS = 1000;
const TICK_MS = 250;
let received = 0;     // performance.now() when the shown snapshot arrived
let snapshot = null;

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

function duration(ms) {
  const neg = ms < 0;
  ms = Math.abs(ms);
  let s;
  if (ms < 1000) s = Math.round(ms) + ' ms';
  else if (ms < 60000) s = (ms / 1000).toFixed(1) + ' s';
  else s = Math.floor(ms / 60000) + ' min ' + Math.floor((ms % 60000) / 1000) + ' s';
  return (neg ? '-' : '') + s;
}

function taskItem(t) {
  const li = el('li', 'task');
  li.dataset.taskId = t.id;
  li.dataset.name = t.name;
  li.dataset.state = t.state;
  const line = el('div', 'line');
  line.append(el('span', 'name', t.name), ' ', el('span', 'id', '#' + t.id), ' ',
      el('span', 'state ' + t.state, t.state));
  if (t.threadId !== undefined) line.append(' ', el('span', 'thread', 'thread ' + t.threadId));
  if (t.ageMillis !== undefined) {
    const age = el('span', 'age');
    age.dataset.base = t.ageMillis;
    line.append(', running ', age);
  }
  if (t.timeLeftMillis !== undefined) {
    const left = el('span', 'left');
    left.dataset.base = t.timeLeftMillis;
    left.title = 'deadline ' + t.deadline;
    line.append(', ', left);
  }
  if (t.waitingOn !== undefined) line.append(', ', el('span', 'waiting', 'waiting on ' + t.waitingOn));
  li.append(line);
  if (t.children.length > 0) {
    const ul = el('ul');
    for (const c of t.children) ul.append(taskItem(c));
    li.append(ul);
  }
  return li;
}

function render() {
  const runs = document.getElementById('runs');
  runs.replaceChildren();
  if (snapshot.runs.length === 0) runs.append(el('p', 'empty', 'No live runs.'));
  for (const r of snapshot.runs) {
    const section = el('section', 'run');
    section.dataset.runId = r.id;
    section.dataset.runName = r.name;
    const h = el('h2', null, "Run '" + r.name + "' #" + r.id + ' — ' + r.taskCount + ' unfinished task(s), running ');
    const age = el('span', 'age');
    age.dataset.base = r.ageMillis;
    h.append(age);
    if (!r.timed) h.append(el('span', 'id', ' (tasks untimed)'));
    const ul = el('ul', 'tree');
    for (const t of r.tasks) ul.append(taskItem(t));
    section.append(h, ul);
    if (r.omittedTasks) section.append(el('p', 'empty', '… and ' + r.omittedTasks + ' more task(s) not shown'));
    runs.append(section);
  }
  const body = document.querySelector('#ended tbody');
  body.replaceChildren();
  for (const e of snapshot.ended) {
    const tr = el('tr', 'ended ' + e.outcome);
    tr.dataset.name = e.name;
    tr.append(el('td', null, e.kind), el('td', 'name', e.name), el('td', null, e.run),
        el('td', null, e.outcome), el('td', null, e.ranMillis === undefined ? '' : duration(e.ranMillis)),
        el('td', null, new Date(e.endedAt).toLocaleTimeString()), el('td', 'reasons', e.reasons.join(' ← ')));
    body.append(tr);
  }
  if (snapshot.ended.length === 0) {
    const tr = el('tr');
    tr.append(el('td', 'empty', 'nothing yet'));
    body.append(tr);
  }
  applyFilter();
  tick();
}

// A task is shown when it matches, or when one of its descendants does (so that the tree stays readable).
function applyFilter() {
  const name = document.getElementById('filter-name').value.trim().toLowerCase();
  const state = document.getElementById('filter-state').value;
  const visit = (li) => {
    let shown = (!name || li.dataset.name.toLowerCase().includes(name)) && (!state || li.dataset.state === state);
    const sub = li.querySelector(':scope > ul');
    if (sub) for (const c of sub.children) shown = visit(c) || shown;
    li.classList.toggle('hidden', !shown);
    return shown;
  };
  for (const li of document.querySelectorAll('ul.tree > li.task')) visit(li);
  for (const tr of document.querySelectorAll('#ended tr.ended')) {
    tr.hidden = !!name && !tr.dataset.name.toLowerCase().includes(name);
  }
}

function tick() {
  if (!snapshot) return;
  const since = performance.now() - received;
  for (const e of document.querySelectorAll('.age')) e.textContent = duration(Number(e.dataset.base) + since);
  for (const e of document.querySelectorAll('.left')) {
    const left = Number(e.dataset.base) - since;
    e.textContent = left >= 0 ? duration(left) + ' left' : 'deadline passed ' + duration(-left) + ' ago';
    e.classList.toggle('overdue', left < 0);
  }
}

async function poll() {
  const status = document.getElementById('status');
  if (!document.getElementById('pause').checked) {
    try {
      const response = await fetch('tasks.json', {cache: 'no-store'});
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const next = await response.json();
      if (next.schema !== 'spindle-tasks/1') throw new Error('unknown schema ' + next.schema);
      snapshot = next;
      received = performance.now();
      render();
      let tasks = 0;
      for (const r of snapshot.runs) tasks += r.taskCount;
      status.className = '';
      status.textContent = 'process ' + snapshot.pid + ' — ' + snapshot.runs.length + ' live run(s), ' + tasks
          + ' unfinished task(s) — updated ' + new Date(snapshot.time).toLocaleTimeString();
      document.body.dataset.loaded = 'true';
    } catch (err) {
      status.className = 'error';
      status.textContent = 'cannot read tasks.json: ' + err.message + ' (retrying)';
    }
  }
  setTimeout(poll, POLL_MS);
}

document.getElementById('filter-name').addEventListener('input', applyFilter);
document.getElementById('filter-state').addEventListener('change', applyFilter);
setInterval(tick, TICK_MS);
poll();

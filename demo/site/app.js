// The demo product: every step of a workout is tagged with window.northstar (the tracker's API).
const $ = (id) => document.getElementById(id);
const ns = () => window.northstar;
let started = null;

function show(user) {
  $('signup-card').hidden = true;
  $('workout-card').hidden = false;
  $('who').textContent = user.name;
}

const saved = JSON.parse(localStorage.getItem('pulse-user') || 'null');
if (saved) show(saved);

$('signup').addEventListener('submit', (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  const name = String(form.get('name')).trim();
  const team = String(form.get('team'))
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_.:-]+/g, '-');
  const user = { id: `demo-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Date.now().toString(36)}`, name, team };
  localStorage.setItem('pulse-user', JSON.stringify(user));
  ns().identify(user.id);
  ns().group('team', `team-${team}`);
  ns().track('signup', { plan: 'free' });
  show(user);
});

$('start').addEventListener('click', () => {
  const kind = $('workout').elements.kind.value;
  started = kind;
  ns().track('workout_started', { kind });
  $('complete').disabled = false;
  $('status').textContent = `${kind} started`;
});

$('workout').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target.elements;
  const minutes = Number(f.minutes.value);
  const cooldown = f.cooldown.checked;
  ns().track('workout_completed', { kind: started, minutes, cooldown });
  const li = document.createElement('li');
  li.textContent = `${started}, ${minutes} min${cooldown ? ', cool-down' : ''}`;
  $('log').append(li);
  $('status').textContent = 'Workout completed';
  $('complete').disabled = true;
  started = null;
});

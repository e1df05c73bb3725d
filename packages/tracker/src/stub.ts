// The stub snippet, inlined in the page before the script tag: it records calls until tracker.js replaces it.
const w = window as unknown as { northstar?: Record<string, unknown> & { q: [string, IArguments][] } };
w.northstar ||= { q: [] };
const stub = w.northstar;
for (const method of ['track', 'identify', 'group', 'reset', 'optOut', 'optIn', 'flush'])
  stub[method] ||= function () {
    // biome-ignore lint/complexity/noArguments: the shortest way to capture the call in a snippet people paste
    stub.q.push([method, arguments]);
  };

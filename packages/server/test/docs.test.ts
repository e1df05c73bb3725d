/**
 * The reference docs cannot drift silently: every relative link of the READMEs and docs/ points at
 * a file (and heading) that exists, docs/api.md documents exactly the routes the server registers,
 * and every CLI option of a command's --help is in that command's section. Issue 13 item 5: the
 * READMEs cited a DESIGN.md that a clone does not have.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CANDIDATES_HELP } from '../src/cli/candidates.ts';
import { CHECK_CONFIG_HELP } from '../src/cli/check-config.ts';
import { IMPORT_HELP } from '../src/cli/import.ts';
import { SERVE_HELP } from '../src/cli/serve.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER_SRC = fileURLToPath(new URL('../src/', import.meta.url));
const API_MD = join(ROOT, 'docs/api.md');

const mdFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(dir, f));

/** README.md, packages/<pkg>/README.md and docs/*.md. */
function docFiles(): string[] {
  const packages = readdirSync(join(ROOT, 'packages'))
    .map((p) => join(ROOT, 'packages', p, 'README.md'))
    .filter(existsSync);
  return [join(ROOT, 'README.md'), ...packages, ...mdFiles(join(ROOT, 'docs'))];
}

/**
 * Markdown without fenced code blocks. Inline code spans become their text (`keep`, for headings) or
 * nothing (for links: a link written inside code is not a link).
 */
function prose(markdown: string, code: 'keep' | 'drop' = 'keep'): string {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .replace(/`+([^`\n]*)`+/g, (_, text: string) => (code === 'keep' ? text : ''));
}

/** Link targets: inline `[text](target "title")`, images, and reference definitions `[x]: target`. */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown, 'drop');
  const inline = [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] as string);
  const defined = [...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1] as string);
  return [...inline, ...defined];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = (m[1] as string).replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*`]/g, '');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Every relative link that does not resolve, as "file: target (why)". */
function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const target of linkTargets(readFileSync(file, 'utf8'))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // https:, mailto:
    const [path = '', anchor] = target.split('#', 2);
    const to = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
    const where = `${relative(ROOT, file)}: ${target}`;
    if (!existsSync(to)) broken.push(`${where} (no such file)`);
    else if (anchor !== undefined) {
      if (statSync(to).isDirectory() || !to.endsWith('.md')) broken.push(`${where} (an anchor into something that is not a .md file)`);
      else if (!anchorsOf(readFileSync(to, 'utf8')).has(decodeURIComponent(anchor).toLowerCase()))
        broken.push(`${where} (no heading with that anchor in ${relative(ROOT, to)})`);
    }
  }
  return broken;
}

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );

// Parameter names are the docs' to choose (`:id`, `:chunk`): compare routes with them blanked.
const normalize = (route: string) => route.replace(/\/:[A-Za-z_][A-Za-z0-9_]*/g, '/:');
const ROUTE = /^(GET|POST|PUT|PATCH|DELETE) \/\S*$/;

/** Routes registered with the server's Router (`.on('GET', '/path', …)`) anywhere in the server's source. */
function registeredRoutes(): string[] {
  const routes = sourceFiles(SERVER_SRC).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\.on\(\s*['"]([A-Z]+)['"]\s*,\s*['"](\/[^'"]*)['"]/g)].map((m) => `${m[1]} ${m[2]}`),
  );
  return [...new Set(routes.map(normalize))].sort();
}

/** Routes that docs/api.md gives a section of its own (`### \`GET /v1/metrics/:id\``). */
function documentedRoutes(api: string): string[] {
  const routes = [...prose(api).matchAll(/^#{2,4}\s+(.+?)\s*$/gm)].map((m) => m[1] as string).filter((h) => ROUTE.test(h));
  return [...new Set(routes.map(normalize))].sort();
}

/** Routes in docs/api.md's summary table (its first column). */
function tabledRoutes(api: string): string[] {
  const cells = [...api.matchAll(/^\|\s*\[?`([A-Z]+ \/[^`]*)`\]?/gm)].map((m) => m[1] as string).filter((r) => ROUTE.test(r));
  return [...new Set(cells.map(normalize))].sort();
}

/** The text of api.md's section for a CLI command, up to the next heading of the same or a higher level. */
function section(api: string, heading: string): string {
  const lines = api.split('\n');
  const start = lines.indexOf(`### \`${heading}\``);
  if (start < 0) return '';
  let fenced = false;
  let end = start + 1;
  for (; end < lines.length; end++) {
    const line = lines[end] as string;
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced && /^#{1,3} /.test(line)) break;
  }
  return lines.slice(start, end).join('\n');
}

describe('reference docs', () => {
  it('should find the READMEs and the four reference docs', () => {
    const files = docFiles().map((f) => relative(ROOT, f));
    expect(files).toEqual(
      expect.arrayContaining([
        'README.md',
        'packages/server/README.md',
        'docs/api.md',
        'docs/config.md',
        'docs/events.md',
        'docs/metrics.md',
      ]),
    );
  });

  it('should have every relative link point at an existing file and heading', () => {
    expect(docFiles().flatMap(brokenLinks)).toEqual([]);
  });

  it('should not send readers to a DESIGN.md the repository does not have', () => {
    const citing = docFiles().filter((f) => /DESIGN\.md/.test(readFileSync(f, 'utf8')));
    expect(citing.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('should document in docs/api.md exactly the routes the server registers', () => {
    const registered = registeredRoutes();
    // A scan that finds nothing would pass vacuously: the server has a dozen routes.
    expect(registered.length).toBeGreaterThanOrEqual(10);
    const api = readFileSync(API_MD, 'utf8');
    expect({ sections: documentedRoutes(api), table: tabledRoutes(api) }).toEqual({ sections: registered, table: registered });
  });

  it("should document every option of each CLI command's --help in its section of docs/api.md", () => {
    const api = readFileSync(API_MD, 'utf8');
    const helps = { serve: SERVE_HELP, import: IMPORT_HELP, 'check-config': CHECK_CONFIG_HELP, candidates: CANDIDATES_HELP };
    const missing = Object.entries(helps).flatMap(([verb, help]) => {
      const text = section(api, `northstar ${verb}`);
      if (!text) return [`no section "### \`northstar ${verb}\`"`];
      const options = [...new Set([...help.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]))].filter((o) => o !== '--help');
      return options.filter((o) => !text.includes(`\`${o}`)).map((o) => `northstar ${verb} ${o}`);
    });
    expect(missing).toEqual([]);
  });
});

describe('the docs checks themselves', () => {
  it("should compute GitHub's anchors for headings with code, punctuation and repeats", () => {
    expect([...anchorsOf('### `GET /v1/metrics/:id`\n## Weeks and time zones\n## `where`\n## Notes\n## Notes\n')]).toEqual([
      'get-v1metricsid',
      'weeks-and-time-zones',
      'where',
      'notes',
      'notes-1',
    ]);
  });

  it('should find links outside code only', () => {
    const md = 'See [a](a.md#x) and ![b](img/b.png "B").\n```\n[not](c.md)\n```\n`[nor](d.md)`\n[ref]: e.md\n';
    expect(linkTargets(md)).toEqual(['a.md#x', 'img/b.png', 'e.md']);
  });
});

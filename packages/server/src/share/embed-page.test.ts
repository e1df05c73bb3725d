import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HEIGHT_SCRIPT } from './embed-frame.ts';
import { renderEmbedError, renderEmbedPage } from './embed-page.ts';

/** The page's CSP as the browser reads it (attribute value unescaped). */
const cspOf = (html: string) => (/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '').replaceAll('&#39;', "'");
const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
/** The inline scripts and styles of a page. */
const inline = (html: string, tag: 'script' | 'style') =>
  [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1] as string);

describe('renderEmbedPage', () => {
  it('should hold only the widget element, pointed at the metric with the token', () => {
    const html = renderEmbedPage({ metricId: 'weekly-full-workouts', token: 'rt_wiki', widgetUrl: '/widget.js' });
    expect(html).toContain('<north-star-metric src="/v1/metrics/weekly-full-workouts" token="rt_wiki"></north-star-metric>');
    expect(html).toContain('<script type="module" src="/widget.js"></script>');
  });

  it('should pass theme, weeks, locale and compact on to the element', () => {
    const html = renderEmbedPage({
      metricId: 'm',
      token: 't',
      widgetUrl: '/widget.js',
      theme: 'dark',
      weeks: 26,
      locale: 'de-DE',
      compact: true,
    });
    expect(html).toContain(
      '<north-star-metric src="/v1/metrics/m" token="t" theme="dark" weeks="26" locale="de-DE" compact></north-star-metric>',
    );
  });

  it('should allow its inline script and style only by their hashes, never with unsafe-inline', () => {
    for (const html of [
      renderEmbedPage({ metricId: 'm', token: 't', widgetUrl: '/widget.js', title: 'T' }),
      renderEmbedError('m', { status: 401, code: 'bad_token', message: 'the token is not a read token of this server' }),
    ]) {
      const csp = cspOf(html);
      expect(csp).not.toContain('unsafe-inline');
      expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/);
      const scripts = inline(html, 'script');
      expect(scripts).toEqual([HEIGHT_SCRIPT]);
      for (const s of scripts) expect(/script-src ([^;]*)/.exec(csp)?.[1]).toContain(sha(s));
      for (const s of inline(html, 'style')) expect(/style-src ([^;]*)/.exec(csp)?.[1]).toContain(sha(s));
    }
  });

  it('should escape markup in the title, the token and the ids', () => {
    const html = renderEmbedPage({
      metricId: 'm"><b>',
      token: '"><script>x</script>',
      widgetUrl: '/widget.js?a=1&b=2',
      title: '<b>Bold</b> & co',
    });
    expect(html).toContain('<title>&lt;b&gt;Bold&lt;/b&gt; &amp; co · Northstar</title>');
    expect(html).toContain('token="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(html).toContain('data-metric="m&quot;&gt;&lt;b&gt;"');
    expect(html).toContain('src="/widget.js?a=1&amp;b=2"');
    expect(html.match(/<script/g)).toHaveLength(2);
  });

  it('should allow a widget and metrics hosted on another origin in its CSP', () => {
    const html = renderEmbedPage({
      metricId: 'm',
      token: '',
      widgetUrl: 'https://cdn.example/widget.js',
      src: 'https://collector.example/v1/metrics/m',
    });
    expect(cspOf(html)).toMatch(/script-src 'self' https:\/\/cdn.example '/);
    expect(cspOf(html)).toContain("connect-src 'self' https://collector.example;");
    expect(html).not.toContain('token=');
  });
});

describe('renderEmbedError', () => {
  it('should say what is wrong and how to fix it, as text, without loading the widget', () => {
    const html = renderEmbedError('<m>', { status: 404, code: 'unknown_metric', message: 'no metric with id "<m>"; check the id' });
    expect(html).toContain('<h1>Token not valid for this metric</h1>');
    expect(html).toContain('<p>no metric with id &quot;&lt;m&gt;&quot;; check the id</p>');
    expect(html).not.toContain('widget.js');
    expect(html).not.toContain('<north-star-metric');
  });
});

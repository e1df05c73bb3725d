import { describe, expect, it } from 'vitest';
import { renderEmbedPage } from './embed-page.ts';

/** The page's CSP as the browser reads it (attribute value unescaped). */
const cspOf = (html: string) => (/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '').replaceAll('&#39;', "'");

describe('renderEmbedPage', () => {
  it('should hold only the widget element, pointed at the metric with the token', () => {
    const html = renderEmbedPage({ metricId: 'weekly-full-workouts', token: 'rt_wiki', widgetUrl: '/widget.js' });
    expect(html).toContain('<north-star-metric src="/v1/metrics/weekly-full-workouts" token="rt_wiki"></north-star-metric>');
    expect(html).toContain('<script type="module" src="/widget.js"></script>');
  });

  it('should have no inline script or style, so its own strict CSP holds', () => {
    const html = renderEmbedPage({ metricId: 'm', token: 't', widgetUrl: '/widget.js', title: 'T' });
    expect(html).not.toMatch(/<style|style=|<script(?![^>]*\bsrc=)/);
    expect(cspOf(html)).toContain("script-src 'self';");
    expect(cspOf(html)).toContain("style-src 'self';");
    expect(cspOf(html)).not.toContain('unsafe-inline');
  });

  it('should escape markup in the title, the token and the ids', () => {
    const html = renderEmbedPage({
      metricId: 'm',
      token: '"><script>x</script>',
      widgetUrl: '/widget.js?a=1&b=2',
      title: '<b>Bold</b> & co',
    });
    expect(html).toContain('<title>&lt;b&gt;Bold&lt;/b&gt; &amp; co · Northstar</title>');
    expect(html).toContain('token="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(html).toContain('src="/widget.js?a=1&amp;b=2"');
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('should allow a widget and metrics hosted on another origin in its CSP', () => {
    const html = renderEmbedPage({
      metricId: 'm',
      token: '',
      widgetUrl: 'https://cdn.example/widget.js',
      src: 'https://collector.example/v1/metrics/m',
    });
    expect(cspOf(html)).toContain("script-src 'self' https://cdn.example;");
    expect(cspOf(html)).toContain("connect-src 'self' https://collector.example;");
    expect(html).not.toContain('token=');
  });
});

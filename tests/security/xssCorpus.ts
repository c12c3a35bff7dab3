/**
 * Hostile ticket content: each payload, if it ever ran, would set `window.__xss`, open a dialog or request a URL on
 * the test's own listener (`BASE`). Rendered as text, they are harmless strings. Shared by the e2e (grid, detail
 * panel, charts, exports) and the unit tests of pure renderers.
 */
export const XSS_MARK = '__xss'

export function xssCorpus(base: string): string[] {
  return [
    `<script>window.__xss='script';fetch('${base}/script')</script>`,
    `<img src="${base}/img.png" onerror="window.__xss='img'">`,
    `"><svg onload="window.__xss='svg'"><image href="${base}/svg.png"/></svg>`,
    `<iframe src="javascript:window.parent.__xss='iframe'"></iframe>`,
    `<a href="javascript:window.__xss='href'">Click for your refund</a>`,
    `<style>@import url('${base}/style.css');</style><div style="background:url(${base}/bg.png)">x</div>`,
    `<link rel="stylesheet" href="${base}/link.css"><meta http-equiv="refresh" content="0;url=${base}/meta">`,
    `{{constructor.constructor('window.__xss="template"')()}}`,
    `=HYPERLINK("${base}/sheet","click me")`,
    `+cmd|' /C calc'!A0`,
    `-2+3+cmd|' /C calc'!A0`,
    `@SUM(1+1)*cmd|' /C calc'!A0`,
    `\tTAB=1+1`,
    `\r=1+1 after a carriage return`,
    `<object data="${base}/object"></object><embed src="${base}/embed">`,
    `<video><source onerror="window.__xss='video'"></video><audio src="${base}/a.mp3" autoplay>`,
    `![tracking pixel](${base}/markdown.png) [link](javascript:window.__xss='md')`,
    `<body onload="window.__xss='body'"><details open ontoggle="window.__xss='details'">`,
    `</textarea></title><script>window.__xss='breakout'</script>`,
    `\u202Egnp.exe <b>bold</b> &lt;escaped&gt; &amp; \u0000 nul`,
  ]
}

/** Short names for fields with tight limits (tags, assignee, group): the same ideas in fewer characters. */
export function xssNames(base: string): string[] {
  return [`<img src=${base}/n1 onerror=window.__xss=1>`, `"><svg onload=window.__xss=2>`, `=HYPERLINK("${base}/n3")`]
}

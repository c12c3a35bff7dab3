/**
 * The renderer's Content-Security-Policy, sent by the Electron shell (as a response header) and by the browser-mode
 * server, so both front doors hold the page to the same rules: only the app's own scripts run (no inline script, no
 * eval), nothing is fetched from the network (ticket text may hold remote image links: they are not loaded), and the
 * page cannot be framed, post forms or change its base URL. Inline styles stay allowed because AG Grid and ECharts
 * set element styles at run time.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * The same policy as a <meta> in the built page, so it holds where no response header is added (a file:// load).
 * `frame-ancestors` is ignored in a <meta>, and a browser warns about it there.
 */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ')

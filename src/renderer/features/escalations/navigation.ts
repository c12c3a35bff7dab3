/** Moving between places from event handlers: the route lives in the URL hash (routes.ts). */
export function goTo(hash: string): void {
  window.location.hash = hash
}

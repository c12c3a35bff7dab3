/**
 * Pure part of window-state persistence: reading the saved file defensively and fitting saved bounds onto the
 * displays attached now. A window restored onto a monitor that has since been unplugged would open off screen, where
 * the analyst cannot reach it.
 */
export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  bounds: Rect
  maximized: boolean
}

export const DEFAULT_SIZE = { width: 1440, height: 900 } as const
export const MIN_SIZE = { width: 960, height: 600 } as const

/** How much of a window must lie on a display (each way) for its saved position to be kept. */
const MIN_VISIBLE = 120

function isFiniteRect(value: unknown): value is Rect {
  if (typeof value !== 'object' || value === null) return false
  const r = value as Record<string, unknown>
  return ['x', 'y', 'width', 'height'].every((k) => typeof r[k] === 'number' && Number.isFinite(r[k]))
}

/** The saved state, or null when the file held anything else (hand edits, a truncated write, an older format). */
export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  if (!isFiniteRect(v.bounds) || v.bounds.width <= 0 || v.bounds.height <= 0) return null
  const { x, y, width, height } = v.bounds
  return {
    bounds: { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) },
    maximized: v.maximized === true,
  }
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  }
}

function centred(width: number, height: number, area: Rect): Rect {
  return {
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width,
    height,
  }
}

/**
 * Bounds that lie wholly on one display's work area. The display the window overlaps most keeps it, shrunk to fit and
 * pushed inside its edges; a window that no display shows enough of is centred on the first (primary) work area.
 * With no display information the bounds are returned unchanged.
 */
export function clampToDisplays(bounds: Rect, workAreas: readonly Rect[]): Rect {
  const primary = workAreas[0]
  if (!primary) return bounds
  const valid = isFiniteRect(bounds) && bounds.width > 0 && bounds.height > 0

  let best: Rect | undefined
  let bestArea = 0
  if (valid) {
    for (const area of workAreas) {
      const o = overlap(bounds, area)
      const visible = o.width >= Math.min(MIN_VISIBLE, bounds.width) && o.height >= Math.min(MIN_VISIBLE, bounds.height)
      if (visible && o.width * o.height > bestArea) {
        best = area
        bestArea = o.width * o.height
      }
    }
  }

  if (!best) {
    const width = Math.min(valid ? bounds.width : DEFAULT_SIZE.width, primary.width)
    const height = Math.min(valid ? bounds.height : DEFAULT_SIZE.height, primary.height)
    return centred(width, height, primary)
  }
  const width = Math.min(bounds.width, best.width)
  const height = Math.min(bounds.height, best.height)
  return {
    x: Math.min(Math.max(bounds.x, best.x), best.x + best.width - width),
    y: Math.min(Math.max(bounds.y, best.y), best.y + best.height - height),
    width,
    height,
  }
}

/** First-launch bounds: the default size, shrunk to the primary work area, centred on it. */
export function defaultBounds(primary: Rect | undefined): Rect {
  if (!primary) return { x: 0, y: 0, ...DEFAULT_SIZE }
  return centred(Math.min(DEFAULT_SIZE.width, primary.width), Math.min(DEFAULT_SIZE.height, primary.height), primary)
}

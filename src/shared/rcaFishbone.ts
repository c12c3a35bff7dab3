/**
 * The fishbone (Ishikawa) diagram drawn as an SVG string: a spine to the effect at the head, six bones (people,
 * process, product, policy, tooling, vendor) with their causes along them. Pure and escaped, so the packet embeds it
 * as is. Long causes are shortened in the drawing only; the packet lists every cause in full beneath it.
 */
import { FISHBONE_CATEGORIES, FISHBONE_LABELS, type FishboneCategory } from './rcaTemplates'

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** At most `max` characters, cut at a word where possible, with an ellipsis when shortened. */
export function shorten(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim()
  if (t.length <= max) return t
  const cut = t.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`
}

/** Words wrapped into lines of at most `width` characters, at most `lines` lines. */
export function wrapWords(s: string, width: number, lines: number): string[] {
  const words = s.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean)
  const out: string[] = []
  let line = ''
  for (const w of words) {
    const next = line ? `${line} ${w}` : w
    if (next.length <= width) line = next
    else {
      if (line) out.push(line)
      line = w.length > width ? shorten(w, width) : w
    }
    if (out.length === lines) break
  }
  if (line && out.length < lines) out.push(line)
  if (out.length === lines && words.join(' ').length > out.join(' ').length) {
    out[lines - 1] = shorten(`${out[lines - 1] ?? ''} …`, width)
  }
  return out
}

export interface FishboneInput {
  problem: string
  causes: Record<FishboneCategory, readonly string[]>
}

const W = 720
const H = 380
const SPINE_Y = 190
const SPINE_END = 540
const BONE_X = [190, 360, 530] as const
const BONE_DX = 110
const BONE_DY = 140
const PER_BONE = 5

export function fishboneSvg(input: FishboneInput): string {
  const parts: string[] = []
  const line = (x1: number, y1: number, x2: number, y2: number, w: number, color = '#374151') =>
    parts.push(
      `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${color}" stroke-width="${w}" stroke-linecap="round"/>`,
    )
  const text = (x: number, y: number, s: string, attrs: string) =>
    parts.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(s)}</text>`)

  // Spine and head.
  line(20, SPINE_Y, SPINE_END, SPINE_Y, 3, '#111827')
  parts.push(
    `<polygon points="${SPINE_END},${SPINE_Y - 7} ${SPINE_END + 12},${SPINE_Y} ${SPINE_END},${SPINE_Y + 7}" fill="#111827"/>`,
  )
  parts.push(
    `<rect x="${SPINE_END + 14}" y="${SPINE_Y - 60}" width="${W - SPINE_END - 20}" height="120" rx="6" fill="#fef3c7" stroke="#b45309" stroke-width="1.5"/>`,
  )
  const head = wrapWords(input.problem.trim() || '(effect not stated)', 22, 6)
  head.forEach((l, i) =>
    text(
      SPINE_END + 14 + (W - SPINE_END - 20) / 2,
      SPINE_Y - (head.length - 1) * 7 + i * 14 + 4,
      l,
      'font-size="11" font-weight="600" text-anchor="middle" fill="#78350f"',
    ),
  )

  FISHBONE_CATEGORIES.forEach((cat, k) => {
    const top = k < 3
    const sx = BONE_X[k % 3] as number
    const ex = sx - BONE_DX
    const ey = top ? SPINE_Y - BONE_DY : SPINE_Y + BONE_DY
    line(sx, SPINE_Y, ex, ey, 2)
    const causes = input.causes[cat]
    text(
      ex,
      top ? ey - 10 : ey + 18,
      `${FISHBONE_LABELS[cat]} (${causes.length})`,
      'font-size="12" font-weight="700" text-anchor="middle" fill="#111827"',
    )
    const shown = causes.slice(0, PER_BONE)
    shown.forEach((c, i) => {
      const t = 0.18 + (i * 0.72) / PER_BONE
      const px = sx - BONE_DX * t
      const py = SPINE_Y + (top ? -1 : 1) * BONE_DY * t
      line(px - 1, py, px - 14, py, 1, '#6b7280')
      // Two short lines, so most causes show whole: the bones are ~170 px apart.
      const lines = wrapWords(c, 30, 2)
      lines.forEach((l, j) =>
        text(
          px - 17,
          py + 3 + (j - (lines.length - 1) / 2) * 10,
          l,
          'font-size="8.5" text-anchor="end" fill="#1f2937"',
        ),
      )
    })
    if (causes.length > PER_BONE) {
      const py = SPINE_Y + (top ? -1 : 1) * BONE_DY * 0.95
      text(
        sx - BONE_DX * 0.95 - 17,
        py + 3,
        `+${causes.length - PER_BONE} more, listed below`,
        'font-size="9" font-style="italic" text-anchor="end" fill="#6b7280"',
      )
    }
  })

  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Fishbone diagram">${parts.join('')}</svg>`
}

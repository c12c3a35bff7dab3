/** A few line icons drawn inline (no image files, no icon font: the CSP allows nothing remote). */
const PATHS = {
  cases: 'M4 5h16v10h-5l-1.5 2.5h-3L9 15H4z M4 15v4h16v-4',
  trends: 'M4 4v16h16 M7 15l4-5 3 3 5-6',
  workspaces:
    'M12 4c4.4 0 8 1.3 8 3s-3.6 3-8 3-8-1.3-8-3 3.6-3 8-3z M4 7v5c0 1.7 3.6 3 8 3s8-1.3 8-3V7 M4 12v5c0 1.7 3.6 3 8 3s8-1.3 8-3v-5',
  close: 'M6 6l12 12 M18 6L6 18',
  search: 'M11 4a7 7 0 1 1 0 14 7 7 0 0 1 0-14z M16 16l4.5 4.5',
  chevronDown: 'M6 9l6 6 6-6',
  chevronUp: 'M6 15l6-6 6 6',
  local: 'M4 6h16v9H4z M9 19h6 M12 15v4',
  alert: 'M12 4l9 16H3z M12 10v4 M12 17v.5',
  bell: 'M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z M10 20.5a2 2 0 0 0 4 0',
  info: 'M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18z M12 11v6 M12 7.5v.5',
  check: 'M5 12.5l4.5 4.5L19 7.5',
  columns: 'M4 5h16v14H4z M10 5v14 M15 5v14',
  calendar: 'M4 6h16v14H4z M4 10h16 M8 3v5 M16 3v5',
  eyeOff:
    'M3 3l18 18 M10.6 6.1A9.8 9.8 0 0 1 12 6c5 0 9 6 9 6a17 17 0 0 1-3.3 3.8 M6.4 7.9A17 17 0 0 0 3 12s4 6 9 6a9 9 0 0 0 4.2-1',
  shield: 'M12 3l8 3v6c0 4.5-3.4 8-8 9-4.6-1-8-4.5-8-9V6z',
  heart: 'M12 20s-7.5-4.6-7.5-10.2A4.2 4.2 0 0 1 12 7.2a4.2 4.2 0 0 1 7.5 2.6C19.5 15.4 12 20 12 20z',
  plus: 'M12 5v14 M5 12h14',
  flag: 'M5 21V4 M5 4h12l-2.5 4 2.5 4H5',
  keyboard: 'M3 6h18v12H3z M7 10h.5 M11 10h.5 M15 10h.5 M7 14h10',
  download: 'M12 4v11 M7 10.5l5 5 5-5 M5 19h14',
  upload: 'M12 20V9 M7 13.5l5-5 5 5 M5 4h14',
  refresh: 'M20 11a8 8 0 0 0-14.9-3.5L4 9 M4 4v5h5 M4 13a8 8 0 0 0 14.9 3.5L20 15 M20 20v-5h-5',
  escalations: 'M12 3l9 16H3z M12 9v5 M12 16.5v.5 M3 21h18',
  sources: 'M5 5h5v5H5z M14 14h5v5h-5z M10 7.5h4.5a2 2 0 0 1 2 2V14 M14 16.5H9.5a2 2 0 0 1-2-2V10',
  settings:
    'M12 9a3 3 0 1 1 0 6 3 3 0 0 1 0-6z M12 3v2.5 M12 18.5V21 M3 12h2.5 M18.5 12H21 M5.6 5.6l1.8 1.8 M16.6 16.6l1.8 1.8 M5.6 18.4l1.8-1.8 M16.6 7.4l1.8-1.8',
  rca: 'M6 3h8l4 4v14H6z M14 3v4h4 M9 13a2.5 2.5 0 1 0 5 0 2.5 2.5 0 1 0-5 0 M13.6 14.8l2.4 2.4',
} as const

export type IconName = keyof typeof PATHS

export function Icon({ name, size = 16, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  )
}

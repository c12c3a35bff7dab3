import { useSyncExternalStore } from 'react'

export type ColorScheme = 'light' | 'dark'

const QUERY = '(prefers-color-scheme: dark)'

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY)
  media.addEventListener('change', onChange)
  return () => media.removeEventListener('change', onChange)
}

function snapshot(): ColorScheme {
  return window.matchMedia(QUERY).matches ? 'dark' : 'light'
}

/**
 * The operating system's colour scheme. CSS follows it through `prefers-color-scheme`; AG Grid and ECharts take
 * their colours from JavaScript, so they read it here and switch with it.
 */
export function useColorScheme(): ColorScheme {
  return useSyncExternalStore(subscribe, snapshot, () => 'light')
}

import { useSyncExternalStore } from 'react'
import type { Place } from './components/Rail'

/** The places that exist so far. Others (Trends, Alerts, Escalations, RCA, Sources, Settings) join as they are built. */
export const PLACES = [
  { id: 'cases', label: 'Cases', icon: 'cases' },
  { id: 'trends', label: 'Trends', icon: 'trends' },
  { id: 'alerts', label: 'Alerts', icon: 'bell' },
  { id: 'escalations', label: 'Escalations', icon: 'escalations' },
  { id: 'rca', label: 'RCA', icon: 'rca' },
  { id: 'workspaces', label: 'Workspaces', icon: 'workspaces' },
  { id: 'import', label: 'Import', icon: 'upload' },
  { id: 'sources', label: 'Sources', icon: 'sources' },
  { id: 'wellbeing', label: 'Wellbeing', icon: 'heart' },
  // Settings stays last on the rail (ux.md).
  { id: 'settings', label: 'Settings', icon: 'settings' },
] as const satisfies readonly Place[]

export type PlaceId = (typeof PLACES)[number]['id']

function parse(hash: string): PlaceId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0]
  return PLACES.find((p) => p.id === id)?.id ?? 'cases'
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

/** The current place, from the URL hash (`#/cases`), so reloads and back/forward keep it. */
export function useRoute(): PlaceId {
  return useSyncExternalStore(
    subscribe,
    () => parse(window.location.hash),
    () => 'cases',
  )
}

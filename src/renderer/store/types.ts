import type { StateCreator } from 'zustand'
import type { CasesSlice } from '../features/cases/casesSlice'
import type { TasksSlice } from '../features/tasks/tasksSlice'
import type { WorkspaceSlice } from '../features/workspaces/workspaceSlice'
import type { ViewsSlice } from '../features/views/viewsSlice'
import type { WellbeingSlice } from '../features/wellbeing/wellbeingSlice'
import type { BulkSlice } from '../features/bulk/bulkSlice'
import type { ImportsSlice } from '../features/imports/importsSlice'
import type { TrendsSlice } from '../features/trends/trendsSlice'
import type { AlertsSlice } from '../features/alerts/alertsSlice'
import type { SourcesSlice } from '../features/sources/sourcesSlice'
import type { EscalationsSlice } from '../features/escalations/escalationsSlice'
import type { RcaSlice } from '../features/rca/rcaSlice'
import type { AppSlice } from './appSlice'

/** The one store's state: every slice side by side. */
export type AppState = AppSlice &
  RcaSlice &
  CasesSlice &
  WorkspaceSlice &
  TasksSlice &
  ViewsSlice &
  WellbeingSlice &
  BulkSlice &
  TrendsSlice &
  AlertsSlice &
  ImportsSlice &
  SourcesSlice &
  EscalationsSlice

/** A slice creator typed against the whole store and the middleware applied where the slices are combined. */
export type SliceCreator<T> = StateCreator<AppState, [['zustand/persist', unknown]], [], T>

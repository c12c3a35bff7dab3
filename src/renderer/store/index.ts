/**
 * The one store, combined from slices (zustand's slices pattern). Middleware is applied only here: `persist` keeps
 * the analyst's view preferences (chart folded, columns shown, their order and widths) across launches; nothing from the database is stored.
 */
import { create } from 'zustand'
import { createJSONStorage, persist } from 'zustand/middleware'
import { createCasesSlice } from '../features/cases/casesSlice'
import { createTasksSlice } from '../features/tasks/tasksSlice'
import { createWorkspaceSlice } from '../features/workspaces/workspaceSlice'
import { createViewsSlice } from '../features/views/viewsSlice'
import { createWellbeingSlice } from '../features/wellbeing/wellbeingSlice'
import { createBulkSlice } from '../features/bulk/bulkSlice'
import { createImportsSlice } from '../features/imports/importsSlice'
import { createTrendsSlice } from '../features/trends/trendsSlice'
import { createAlertsSlice } from '../features/alerts/alertsSlice'
import { createSourcesSlice } from '../features/sources/sourcesSlice'
import { createEscalationsSlice } from '../features/escalations/escalationsSlice'
import { createRcaSlice } from '../features/rca/rcaSlice'
import { createAppSlice } from './appSlice'
import type { AppState } from './types'

export type { AppState } from './types'

export const useStore = create<AppState>()(
  persist(
    (...a) => ({
      ...createAppSlice(...a),
      ...createRcaSlice(...a),
      ...createCasesSlice(...a),
      ...createTrendsSlice(...a),
      ...createAlertsSlice(...a),
      ...createWorkspaceSlice(...a),
      ...createTasksSlice(...a),
      ...createViewsSlice(...a),
      ...createWellbeingSlice(...a),
      ...createBulkSlice(...a),
      ...createSourcesSlice(...a),
      ...createEscalationsSlice(...a),
      ...createImportsSlice(...a),
    }),
    {
      name: 'workbench.view',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({
        chartCollapsed: s.chartCollapsed,
        visibleColumns: s.visibleColumns,
        columnLayout: s.columnLayout,
      }),
    },
  ),
)

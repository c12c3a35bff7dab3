/** Saved views: list, save, rename/overwrite, duplicate, delete, export and import (refused whole when wrong). */
import { parseViewFile, uniqueViewName, viewFileContent, viewFileName } from '../../shared/views'
import type { Db } from '../db/connection'
import * as views from '../db/queries/views'
import { safeAudit } from '../security/auditHooks'
import { ApiFailure, type Handlers } from './dispatcher'

type ViewMethods = 'views.list' | 'views.save' | 'views.update' | 'views.duplicate' | 'views.delete' | 'views.export'
type ViewHandlers = Pick<Handlers, ViewMethods | 'views.import'>

export function createViewHandlers(db: () => Db, now: () => number = Date.now, via?: string): ViewHandlers {
  const noView = (id: number) => new ApiFailure('not_found', `There is no saved view ${id} in this workspace.`)
  const taken = (name: string) =>
    new ApiFailure('invalid_input', `A view called "${name}" already exists. Choose another name.`)
  const requireFree = (d: Db, name: string, except?: number): void => {
    const id = views.viewIdByName(d, name)
    if (id !== null && id !== except) throw taken(name)
  }

  return {
    'views.list': () => views.listViews(db()),
    'views.save': ({ name, definition }) => {
      const d = db()
      requireFree(d, name)
      return views.insertView(d, name, definition, now())
    },
    'views.update': ({ id, name, definition }) => {
      const d = db()
      if (name !== undefined) requireFree(d, name, id)
      const view = views.updateView(d, id, { name, definition }, now())
      if (!view) throw noView(id)
      return view
    },
    'views.duplicate': ({ id }) => {
      const d = db()
      const view = views.getView(d, id)
      if (!view) throw noView(id)
      return views.insertView(d, uniqueViewName(view.name, views.viewNames(d)), view.definition, now())
    },
    'views.delete': ({ id }) => {
      if (!views.deleteView(db(), id)) throw noView(id)
      return { deleted: id }
    },
    'views.export': ({ id }) => {
      const view = views.getView(db(), id)
      if (!view) throw noView(id)
      const fileName = viewFileName(view.name)
      safeAudit(db(), { action: 'export.view', target: fileName, via, detail: { viewId: id } })
      return { fileName, content: viewFileContent(view, now()) }
    },
    'views.import': ({ content }) => {
      const parsed = parseViewFile(content)
      if (!parsed.ok) throw new ApiFailure('invalid_input', parsed.message)
      const d = db()
      return views.insertView(d, uniqueViewName(parsed.name, views.viewNames(d)), parsed.definition, now())
    },
  }
}

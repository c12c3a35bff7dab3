/** Deleting RCA templates: a team's own goes (its RCAs keep their copy), a built-in is refused so it is never lost. */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/db/connection'
import * as q from '../../src/main/db/queries/rca'
import * as rca from '../../src/main/rca/service'
import { DEFAULT_RCA_TEMPLATES } from '../../src/shared/rca'
import { tempDir } from '../helpers/tmp'

describe('rca template deletion', () => {
  it('refuses a built-in and deletes a team template, leaving RCAs made from it intact', () => {
    const db = openDatabase(path.join(tempDir('owb-rcatpl-'), 'ws.sqlite'))
    try {
      const stock = q.listTemplates(db).find((t) => t.builtIn)
      expect(stock?.name).toBe(DEFAULT_RCA_TEMPLATES[0]?.name)
      expect(() => rca.deleteTemplate(db, stock?.id as number)).toThrow(/built-in template and cannot be deleted/)
      expect(q.getTemplate(db, stock?.id as number)).not.toBeNull()

      const own = rca.saveTemplate(db, {
        body: { ...(DEFAULT_RCA_TEMPLATES[1] as (typeof DEFAULT_RCA_TEMPLATES)[number]), name: 'Team review' },
      })
      const doc = rca.createRca(db, { escalationId: null, templateId: own.id, title: 'From the team template' })
      rca.deleteTemplate(db, own.id)
      expect(q.getTemplate(db, own.id)).toBeNull()
      const kept = rca.getRca(db, doc.id)
      expect(kept.template.name).toBe('Team review')
      expect(kept.template.sections.map((s) => s.key)).toEqual(own.sections.map((s) => s.key))
      expect(() => rca.deleteTemplate(db, own.id)).toThrow(/no RCA template/)
    } finally {
      db.close()
    }
  })
})

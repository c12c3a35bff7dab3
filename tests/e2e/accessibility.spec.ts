/**
 * Accessibility (ux.md): axe (WCAG 2 A and AA rules) over every place on the rail, the open ticket, the command
 * palette and the shortcuts sheet, in the light and the dark colour scheme. A violation of impact serious or critical
 * fails the test and is printed with its rule id, help text and the nodes it was found on.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import type { EscalationSummary } from '../../src/shared/escalations'
import type { RcaDocument } from '../../src/shared/rca'
import type { RcaTemplate } from '../../src/shared/rcaTemplates'
import { expect, test } from './fixtures'

/**
 * Rule + selector pairs excluded because the markup belongs to a third-party widget that cannot be fixed from here.
 * Each entry says why. Nothing else is excluded.
 */
const EXCLUDED: { rule: string; selector: string; why: string }[] = []

/** The places on the rail today (src/renderer/routes.ts). */
const PLACES = [
  'Cases',
  'Trends',
  'Alerts',
  'Escalations',
  'RCA',
  'Workspaces',
  'Import',
  'Sources',
  'Wellbeing',
  'Settings',
]

/** Text the screens show while their data is on its way; a screen is settled when none of it is left. */
const LOADING =
  /Loading|Opening ticket|Opening your workspace|Adding up the rollups|Counting|updating…|Building the preview/

/** What each place shows once its data is in, beyond the generic "nothing is loading" check. */
const READY: Record<string, (page: Page) => Promise<void>> = {
  cases: (page) => expect(page.locator('[data-testid="grid"] .ag-row[row-index="0"]')).toBeVisible(),
  trends: (page) => expect(page.getByTestId('chart-volume')).toBeVisible(),
  workspaces: (page) => expect(page.getByTestId('workspace-list')).toBeVisible(),
  sources: (page) => expect(page.getByTestId('source-add')).toBeVisible(),
  wellbeing: (page) => expect(page.getByTestId('wb-exposure')).toBeVisible(),
  settings: (page) => expect(page.getByTestId('settings-screen')).toBeVisible(),
}

async function settled(page: Page): Promise<void> {
  await expect(page.locator('main')).not.toContainText(LOADING)
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0)
}

interface Found {
  id: string
  impact: string
  help: string
  /** Each node's selector and axe's one-line reason (for contrast: the two colours and the ratio). */
  targets: string[]
}

/** Serious and critical violations on the page as it is now, minus the documented exclusions. */
async function audit(page: Page): Promise<Found[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
  const found: Found[] = []
  for (const v of violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue
    const targets = v.nodes
      .filter((n) => !EXCLUDED.some((e) => e.rule === v.id && n.target.join(' ').includes(e.selector)))
      .map((n) => `${n.target.join(' ')}  ${(n.failureSummary ?? '').split('\n').slice(1).join(' ').trim()}`)
    if (targets.length > 0) found.push({ id: v.id, impact: v.impact, help: v.help, targets })
  }
  return found
}

function report(found: Found[]): string {
  return found.map((f) => `${f.id} (${f.impact}): ${f.help}\n${f.targets.map((t) => `    ${t}`).join('\n')}`).join('\n')
}

async function check(page: Page, screen: string): Promise<void> {
  await test.step(screen, async () => {
    const found = await audit(page)
    if (found.length > 0) console.log(`\n[axe] ${screen}\n${report(found)}`)
    expect.soft(found, `axe violations on ${screen}:\n${report(found)}`).toEqual([])
  })
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} colour scheme`, () => {
    test.use({ colorScheme })

    test(`every place on the rail has no serious accessibility violation (${colorScheme})`, async ({
      app,
      workbench,
    }) => {
      test.setTimeout(240_000)
      // Every link on the rail, so a place added later is checked too; the ones routes.ts has today must be there.
      const links = app.getByRole('navigation', { name: 'Places' }).getByRole('link')
      const places = await links.evaluateAll((els) =>
        els.map((el) => ({
          id: (el.getAttribute('href') ?? '').replace(/^#\//, ''),
          label: el.querySelector('.rail-label')?.textContent ?? '',
        })),
      )
      expect(places.map((p) => p.label)).toEqual(expect.arrayContaining(PLACES))
      for (const place of places) {
        await app.goto(`${workbench.url}#/${place.id}`)
        await expect(app.getByTestId('app-ready')).toBeAttached()
        await expect(app.getByTestId(`nav-${place.id}`)).toHaveAttribute('aria-current', 'page')
        await READY[place.id]?.(app)
        await settled(app)
        await check(app, `${place.label} (${colorScheme})`)
      }
    })

    test(`the open ticket, command palette and shortcuts sheet have no serious violation (${colorScheme})`, async ({
      app,
    }) => {
      test.setTimeout(120_000)
      const row = app.locator('[data-testid="grid"] .ag-row[row-index="0"]')
      // The grid first draws placeholder rows while the block loads; a click on one of those opens nothing.
      await expect(row.locator('[col-id="id"]')).toHaveText(/^\d+$/)
      await row.locator('[col-id="subject"]').click()
      const panel = app.getByTestId('detail-panel')
      await expect(panel).toHaveAttribute('aria-label', /^Ticket \d+$/)
      await expect(panel.getByRole('heading', { level: 2 }).first()).not.toHaveText(/Opening ticket/)
      await settled(app)
      await check(app, `ticket detail (${colorScheme})`)

      await app.keyboard.press('Control+k')
      await expect(app.getByRole('dialog', { name: 'Command palette' })).toBeVisible()
      await check(app, `command palette (${colorScheme})`)
      await app.keyboard.press('Escape')
      await expect(app.getByRole('dialog', { name: 'Command palette' })).toBeHidden()

      await app.locator('body').focus()
      await app.keyboard.press('?')
      await expect(app.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
      await check(app, `shortcuts sheet (${colorScheme})`)
    })

    test(`an open escalation, an open RCA, a filter list and the add-source dialog (${colorScheme})`, async ({
      app,
      workbench,
    }) => {
      test.setTimeout(120_000)
      const escalation = await workbench.api<EscalationSummary>('escalations.create', {
        title: 'Payouts delayed',
        priority: 'P1',
        cohortFilters: { channel: ['email'] },
      })
      const [template] = await workbench.api<RcaTemplate[]>('rca.templates', {})
      if (!template) throw new Error('a built-in RCA template expected')
      const rca = await workbench.api<RcaDocument>('rca.create', {
        escalationId: escalation.id,
        templateId: template.id,
        title: 'RCA: Payouts delayed',
      })

      await app.getByTestId('filter-channel').click()
      await expect(app.locator('.multiselect-option').first()).toBeVisible()
      await check(app, `a filter list open (${colorScheme})`)
      await app.keyboard.press('Escape')

      await app.goto(`${workbench.url}#/escalations/${escalation.id}`)
      await expect(app.getByTestId('esc-detail')).toBeVisible()
      await settled(app)
      await check(app, `escalation detail (${colorScheme})`)

      await app.goto(`${workbench.url}#/rca/${rca.id}`)
      await expect(app.getByTestId('rca-changed')).toBeVisible()
      await settled(app)
      await check(app, `RCA editor (${colorScheme})`)

      await app.goto(`${workbench.url}#/sources`)
      await app.getByTestId('source-add').click()
      await expect(app.getByTestId('add-source')).toBeVisible()
      await check(app, `add-source dialog (${colorScheme})`)
    })
  })
}

test.describe('alerts', () => {
  // Big enough a demo that its surges stand out of the noise of their segments (as in alerts.spec.ts).
  test.use({ serverEnv: { WORKBENCH_DEMO_TICKETS: '20000' } })

  test('an open alert has no serious violation, in light and dark', async ({ app, workbench }) => {
    test.setTimeout(180_000)
    await app.goto(`${workbench.url}#/alerts`)
    const rows = app.getByTestId('alert-row')
    await expect(rows.first()).toBeVisible({ timeout: 60_000 })
    await rows.first().click()
    await expect(app.getByTestId('alert-detail').getByTestId('alert-chart').locator('canvas')).toBeVisible()
    await settled(app)
    for (const colorScheme of ['light', 'dark'] as const) {
      // The app follows a change of the OS scheme live (useColorScheme), as it would on a real desktop.
      await app.emulateMedia({ colorScheme })
      expect(await app.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")).toBe(colorScheme === 'dark')
      await check(app, `alert detail (${colorScheme})`)
    }
  })
})

/** What the focused element shows: a ring (outline or box-shadow) on itself or on the field that wraps it. */
const FOCUS_RING = `(() => {
  const el = document.activeElement
  if (!el || el === document.body) return { name: 'body', ring: true }
  const ring = (e) => {
    const cs = getComputedStyle(e)
    return (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none'
  }
  const wrapper = el.parentElement && el.parentElement.matches(':focus-within') ? el.parentElement : null
  const name = el.tagName.toLowerCase() + (el.getAttribute('aria-label') ? '[' + el.getAttribute('aria-label') + ']' : '') + ' ' + (el.textContent || '').trim().slice(0, 30)
  return { name, ring: ring(el) || (wrapper !== null && ring(wrapper)) }
})()`

for (const colorScheme of ['light', 'dark'] as const) {
  test(`keyboard focus is visible on the rail and the Cases toolbar (${colorScheme})`, async ({ app }) => {
    await app.emulateMedia({ colorScheme })
    const unringed: string[] = []
    for (let i = 0; i < 25; i++) {
      await app.keyboard.press('Tab')
      const { name, ring } = (await app.evaluate(FOCUS_RING)) as { name: string; ring: boolean }
      if (!ring) unringed.push(name)
    }
    expect(unringed, 'focused without a visible ring').toEqual([])
  })
}

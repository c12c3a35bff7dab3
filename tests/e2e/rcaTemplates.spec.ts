/**
 * The RCA place's Templates view: a built-in template is duplicated (the stock one stays), a section is added and
 * moved with the buttons and the keyboard, the copy is saved, and an RCA started from it shows the sections in order.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import type { RcaTemplate } from '../../src/shared/rca'
import { expect, test } from './fixtures'

test('duplicate a built-in template, add and reorder a section, start an RCA from it', async ({ app, workbench }) => {
  const before = await workbench.api<RcaTemplate[]>('rca.templates', {})
  const quick = before.find((t) => t.name === '5 Whys (short)') as RcaTemplate

  await app.getByTestId('nav-rca').click()
  await app.getByTestId('rca-templates-link').click()
  await expect(app).toHaveURL(/#\/rca\/templates$/)
  const view = app.getByTestId('rca-templates-view')
  await view.getByTestId('tpl-item').filter({ hasText: '5 Whys (short)' }).click()
  await expect(view.getByTestId('tpl-builtin')).toContainText('Built-in templates stay as shipped')
  await view.getByTestId('tpl-duplicate').click()

  const editor = view.getByTestId('tpl-editor')
  await expect(editor.getByTestId('tpl-name')).toHaveValue('Copy of 5 Whys (short)')
  await editor.getByTestId('tpl-name').fill('')
  await editor.getByTestId('tpl-save').click()
  await expect(editor.getByTestId('tpl-name-error')).toHaveText('Give the template a name.')
  await expect(editor.getByTestId('tpl-invalid')).toBeVisible()
  await editor.getByTestId('tpl-name').fill('Trust & Safety review')
  await expect(editor.getByTestId('tpl-name-error')).toHaveCount(0)

  // Add a section: focus lands on its title; give it a kind and guidance.
  await editor.getByTestId('tpl-add-section').click()
  const sections = editor.getByTestId('tpl-section')
  await expect(sections).toHaveCount(5)
  const added = sections.nth(4)
  await expect(added.getByTestId('tpl-section-title')).toBeFocused()
  await added.getByTestId('tpl-section-title').fill('Customer communication')
  await added.getByTestId('tpl-section-kind').selectOption('timeline')
  await added.getByTestId('tpl-section-prompt').fill('What users were told, and when.')

  // Move it up with the button (to 4th), then with Alt+ArrowUp twice (to 2nd); focus follows it.
  await added.getByTestId('tpl-section-up').click()
  await expect(sections.nth(3).getByTestId('tpl-section-title')).toHaveValue('Customer communication')
  await sections.nth(3).getByTestId('tpl-section-title').focus()
  await app.keyboard.press('Alt+ArrowUp')
  await app.keyboard.press('Alt+ArrowUp')
  await expect(sections.nth(1).getByTestId('tpl-section-title')).toHaveValue('Customer communication')
  await expect(sections.nth(1).getByTestId('tpl-section-title')).toBeFocused()
  const order = ['Summary', 'Customer communication', '5 Whys', 'Root cause', 'Actions']
  const titles = editor.getByTestId('tpl-section-title')
  await expect
    .poll(() => titles.evaluateAll((els) => els.map((el) => (el as unknown as { value: string }).value)))
    .toEqual(order)

  await editor.getByTestId('tpl-save').click()
  await expect(editor.getByTestId('tpl-state')).toHaveText('Saved')
  await expect(view.getByTestId('tpl-item').filter({ hasText: 'Trust & Safety review' })).toBeVisible()

  // The stock template is untouched.
  const after = await workbench.api<RcaTemplate[]>('rca.templates', {})
  expect(after.find((t) => t.id === quick.id)?.sections).toEqual(quick.sections)
  const mine = after.find((t) => t.name === 'Trust & Safety review') as RcaTemplate
  expect(mine.builtIn).toBe(false)

  // Start an RCA from it: the editor shows the sections in that order.
  await editor.getByTestId('tpl-start-rca').click()
  const form = app.getByTestId('rca-new')
  await expect(form.getByRole('radio', { name: /Trust & Safety review/ })).toBeChecked()
  await form.getByTestId('rca-new-title').fill('Gift refunds RCA')
  await form.getByTestId('rca-new-create').click()
  await expect(app).toHaveURL(/#\/rca\/\d+$/)
  await expect(app.locator('.rca-section-head h2')).toHaveText(order)

  // A built-in cannot be deleted (the view offers no Delete; the API refuses); the team's copy can, and the RCA stays.
  await expect(workbench.api('rca.deleteTemplate', { id: quick.id })).rejects.toThrow(/built-in/)
  await app.goto(`${workbench.url}#/rca/templates`)
  await view.getByTestId('tpl-item').filter({ hasText: 'Trust & Safety review' }).click()
  await view.getByTestId('tpl-delete').click()
  await app.getByRole('dialog').getByRole('button', { name: 'Delete template' }).click()
  await expect(view.getByTestId('tpl-item').filter({ hasText: 'Trust & Safety review' })).toHaveCount(0)
  await expect(view.getByTestId('tpl-item')).toHaveCount(before.length)
  await app.getByTestId('rca-list-item').filter({ hasText: 'Gift refunds RCA' }).click()
  await expect(app.locator('.rca-section-head h2')).toHaveText(order)
})

test('unsaved template changes survive leaving the place and a reload, until discarded', async ({ app, workbench }) => {
  await app.goto(`${workbench.url}#/rca/templates`)
  const view = app.getByTestId('rca-templates-view')
  await view.getByTestId('tpl-item').filter({ hasText: '5 Whys (short)' }).click()
  await view.getByTestId('tpl-duplicate').click()
  await view.getByTestId('tpl-name').fill('Payout escalations review')
  await view.getByTestId('tpl-add-section').click()
  await expect(view.getByTestId('tpl-state')).toHaveText('Not saved')

  // To Cases on the rail and back: the edit is where it was, and the analyst is told.
  await app.getByTestId('nav-cases').click()
  await expect(app).toHaveURL(/#\/cases/)
  await app.getByTestId('nav-rca').click()
  await app.getByTestId('rca-templates-link').click()
  await expect(view.getByTestId('tpl-name')).toHaveValue('Payout escalations review')
  await expect(view.getByTestId('tpl-section')).toHaveCount(5)
  await expect(view.getByTestId('tpl-state')).toHaveText('Not saved')
  await expect(
    app.getByRole('status').filter({ hasText: 'unsaved changes to "Payout escalations review"' }),
  ).toBeVisible()

  // A reload keeps it too; Discard drops it for good.
  await app.reload()
  await expect(view.getByTestId('tpl-name')).toHaveValue('Payout escalations review')
  await view.getByRole('button', { name: 'Discard changes' }).click()
  await app.getByRole('dialog').getByRole('button', { name: 'Discard changes' }).click()
  await expect(view.getByTestId('tpl-name')).toHaveCount(0)
  await app.reload()
  await expect(view.getByTestId('tpl-builtin')).toBeVisible()
  await expect(view.getByTestId('tpl-name')).toHaveCount(0)
  expect((await workbench.api<{ name: string }[]>('rca.templates', {})).map((t) => t.name)).not.toContain(
    'Payout escalations review',
  )
})

/** Serious and critical WCAG 2 A/AA violations, as ids and targets (empty when clean). */
async function axe(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`))
}

test('the templates view passes axe, read-only and while editing with an error shown', async ({ app, workbench }) => {
  await app.goto(`${workbench.url}#/rca/templates`)
  await expect(app.getByTestId('tpl-builtin')).toBeVisible()
  expect(await axe(app)).toEqual([])
  await app.getByTestId('tpl-duplicate').click()
  await app.getByTestId('tpl-section-title').first().fill('')
  await app.getByTestId('tpl-save').click()
  await expect(app.getByTestId('tpl-invalid')).toBeVisible()
  await expect(app.getByTestId('tpl-section-title').first()).toHaveAttribute('aria-invalid', 'true')
  expect(await axe(app)).toEqual([])
})

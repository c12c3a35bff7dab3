import { useEffect, useState } from 'react'
import { isValidTimeZone } from '../../../shared/time'
import { formatInt } from '../../lib/format'
import { useNow } from '../../lib/useNow'
import { useStore } from '../../store'
import '../../styles/imports.css'
import { TaskProgressView } from '../tasks/TaskProgressView'
import { FilePicker } from './FilePicker'
import { ImportResult, RecentImports } from './ImportResult'
import { MappingPreview } from './MappingPreview'
import { MappingTable } from './MappingTable'
import { blockers } from './mappingModel'
import { ValueMappings } from './ValueMappings'

const ENCODING_LABELS: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252',
}
const DELIMITER_LABELS: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' }

function PresetBar() {
  const presets = useStore((s) => s.presets)
  const presetId = useStore((s) => s.presetId)
  const apply = useStore((s) => s.applyImportPreset)
  const save = useStore((s) => s.saveImportPreset)
  const remove = useStore((s) => s.deleteImportPreset)
  const [name, setName] = useState('')
  const selected = presets.find((p) => p.id === presetId)
  return (
    <div className="form-row import-presets">
      <label className="field">
        <span className="field-label">Preset</span>
        <select
          className="input"
          value={presetId}
          data-testid="import-preset"
          onChange={(e) => void apply(e.target.value)}
          title={selected?.description}
        >
          {presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {p.builtIn ? '' : ' (saved)'}
            </option>
          ))}
        </select>
      </label>
      {selected && !selected.builtIn && (
        <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => void remove(selected.id)}>
          Delete preset
        </button>
      )}
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault()
          if (name.trim()) void save(name.trim()).then(() => setName(''))
        }}
      >
        <label className="field">
          <span className="field-label">Save this mapping as</span>
          <input
            className="input"
            value={name}
            maxLength={80}
            placeholder="e.g. Partner CRM export"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <button type="submit" className="btn" disabled={!name.trim()}>
          Save as preset
        </button>
      </form>
    </div>
  )
}

function Options() {
  const mapping = useStore((s) => s.mapping)
  const inspection = useStore((s) => s.inspection)
  const setMapping = useStore((s) => s.setImportMapping)
  const sourceName = useStore((s) => s.sourceName)
  const timeZone = useStore((s) => s.importTimeZone)
  const setOptions = useStore((s) => s.setImportOptions)
  const [zoneText, setZoneText] = useState(timeZone)
  if (!mapping || !inspection) return null
  const zoneOk = isValidTimeZone(zoneText)
  return (
    <div className="form-row import-options">
      <label className="field field-grow">
        <span className="field-label">Source name</span>
        <input
          className="input"
          value={sourceName}
          maxLength={80}
          data-testid="import-source"
          onChange={(e) => setOptions({ sourceName: e.target.value })}
        />
      </label>
      <label className="field">
        <span className="field-label">Dates like 03/04/2025 are</span>
        <select
          className="input"
          value={mapping.dateOrder}
          aria-invalid={inspection.dateOrder === 'ambiguous' && mapping.dateOrder === 'auto'}
          data-testid="import-date-order"
          onChange={(e) => setMapping({ ...mapping, dateOrder: e.target.value as typeof mapping.dateOrder })}
        >
          <option value="auto">{inspection.dateOrder === 'ambiguous' ? 'Choose…' : 'Decided by the file'}</option>
          <option value="dmy">Day first (31/01/2025)</option>
          <option value="mdy">Month first (01/31/2025)</option>
        </select>
      </label>
      <label className="field">
        <span className="field-label">Time zone of dates without one</span>
        <input
          className="input"
          value={zoneText}
          aria-invalid={!zoneOk}
          spellCheck={false}
          data-testid="import-time-zone"
          onChange={(e) => {
            setZoneText(e.target.value)
            if (isValidTimeZone(e.target.value)) setOptions({ importTimeZone: e.target.value })
          }}
        />
        {!zoneOk && <span className="field-error">Not a time zone name (like Europe/Dublin).</span>}
      </label>
    </div>
  )
}

function Mapping() {
  const inspection = useStore((s) => s.inspection)
  const mapping = useStore((s) => s.mapping)
  const file = useStore((s) => s.importFile)
  const setMapping = useStore((s) => s.setImportMapping)
  const refresh = useStore((s) => s.refreshImportPreview)
  const preview = useStore((s) => s.preview)
  const previewError = useStore((s) => s.previewError)
  const timeZone = useStore((s) => s.importTimeZone)
  const start = useStore((s) => s.startImport)
  const busy = useStore((s) => s.importBusy)

  // The preview follows the mapping and zone, a moment after the last edit.
  useEffect(() => {
    const timer = window.setTimeout(() => void refresh(), 300)
    return () => window.clearTimeout(timer)
  }, [mapping, timeZone, refresh])

  if (!inspection || !mapping || !file) return null
  const blocked = blockers(mapping, inspection)
  return (
    <>
      <section className="card" aria-labelledby="import-file-title">
        <div className="import-file-head">
          <div>
            <h2 id="import-file-title" className="card-title">
              {file.fileName}
            </h2>
            <p className="card-text" data-testid="import-facts">
              {inspection.format.toUpperCase()} · {ENCODING_LABELS[inspection.encoding]}
              {inspection.delimiter
                ? ` · ${DELIMITER_LABELS[inspection.delimiter] ?? inspection.delimiter} separated`
                : ''}{' '}
              · {formatInt(inspection.columns.length)} columns · {formatInt(Math.ceil(inspection.size / 1024))} KB
            </p>
          </div>
          <FilePicker again />
        </div>
        {inspection.warnings.map((w) => (
          <p key={w} className="import-warning" role="status">
            {w}
          </p>
        ))}
        <PresetBar />
        <Options />
      </section>
      <section className="card" aria-labelledby="import-map-title">
        <h2 id="import-map-title" className="card-title">
          Map the columns
        </h2>
        <div className="import-map-layout">
          <MappingTable inspection={inspection} mapping={mapping} onChange={setMapping} />
          <ValueMappings inspection={inspection} mapping={mapping} onChange={setMapping} />
        </div>
      </section>
      <section className="card" aria-labelledby="import-preview-title">
        <h2 id="import-preview-title" className="card-title">
          Preview
        </h2>
        <MappingPreview rows={preview} error={previewError} timeZone={timeZone} />
        <div className="import-go">
          {blocked.map((b) => (
            <p key={b} className="field-error">
              {b}
            </p>
          ))}
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy || blocked.length > 0}
            data-testid="import-start"
            onClick={() => void start()}
          >
            Import
          </button>
        </div>
      </section>
    </>
  )
}

function Running() {
  const run = useStore((s) => s.importRun)
  const task = useStore((s) => (run ? s.tasks.find((t) => t.taskId === run.taskId) : undefined))
  const report = useStore((s) => s.importReport)
  const loadReport = useStore((s) => s.loadImportReport)
  const cancel = useStore((s) => s.cancelImport)
  const now = useNow(1_000)
  const finished = task ? task.state !== 'running' : true
  const haveReport = report !== null && run !== null && report.run.id === run.runId
  const reportSaysRunning = haveReport && report.run.state === 'running'
  // The task's last event says the run ended: fetch its report. With no task in the store (it lingered and went
  // while another screen was open, or its first event is still on the way) the report is read once and says.
  useEffect(() => {
    if (!run) return
    if (task && finished && (!haveReport || reportSaysRunning)) void loadReport(run.runId)
    else if (!task && !haveReport) void loadReport(run.runId)
  }, [run, task, finished, haveReport, reportSaysRunning, loadReport])
  if (!run) return null
  return (
    <section className="card" aria-labelledby="import-run-title">
      <h2 id="import-run-title" className="card-title">
        {finished ? 'Import finished' : 'Importing'}
      </h2>
      {task && <TaskProgressView task={task} now={now} />}
      {task?.state === 'running' && !task.stage && (
        <button type="button" className="btn" data-testid="import-cancel" onClick={() => void cancel()}>
          Cancel import
        </button>
      )}
      {task?.state === 'running' && task.stage && (
        <p className="muted small" data-testid="import-indexing">
          Every row is read. The workbench is building what makes a large cache fast to sort, filter, search and chart;
          this cannot be cancelled part-way. Until it is done the cache shows the tickets it held before.
        </p>
      )}
    </section>
  )
}

/** Import: choose a file, map its columns, import it in the background, read what happened. */
export function ImportScreen() {
  const loadPresets = useStore((s) => s.loadImportPresets)
  const loadRuns = useStore((s) => s.loadImportRuns)
  const inspection = useStore((s) => s.inspection)
  const run = useStore((s) => s.importRun)
  const report = useStore((s) => s.importReport)
  const reset = useStore((s) => s.resetImport)
  const dataVersion = useStore((s) => s.dataVersion)

  useEffect(() => {
    void loadPresets()
    void loadRuns()
  }, [loadPresets, loadRuns, dataVersion])

  return (
    <div className="page import-page">
      <header className="page-header">
        <h1 className="page-title">Import</h1>
        <p className="muted">
          Tickets from a CSV, TSV, JSON, NDJSON or XLSX export (Zendesk, Salesforce, HubSpot, Avaya call records or your
          own). Each file becomes a source; importing it again updates tickets in place and never touches your notes,
          labels or review states.
        </p>
      </header>
      {!inspection && !run && (
        <section className="card" aria-labelledby="import-choose-title">
          <h2 id="import-choose-title" className="card-title">
            Choose a file
          </h2>
          <p className="card-text">Nothing is written until you have checked the mapping and pressed Import.</p>
          <FilePicker />
        </section>
      )}
      {inspection && !run && <Mapping />}
      <Running />
      {report && report.run.state !== 'running' && <ImportResult report={report} />}
      {run && report && report.run.id === run.runId && report.run.state !== 'running' && (
        <div className="form-row">
          <button type="button" className="btn" onClick={reset}>
            Import another file
          </button>
          <a className="btn btn-primary" href="#/cases">
            See the tickets in Cases
          </a>
        </div>
      )}
      <RecentImports />
    </div>
  )
}

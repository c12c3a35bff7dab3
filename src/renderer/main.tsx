import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { ErrorBoundary } from './components/ErrorBoundary'
import './styles/base.css'
import './styles/components.css'
import './styles/frame.css'
import './styles/cases.css'
import './styles/detail.css'
import './styles/workspaces.css'
import './styles/views.css'
import './styles/triage.css'
import './styles/bulk.css'

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary place="the workbench">
        <App />
      </ErrorBoundary>
    </StrictMode>,
  )
}

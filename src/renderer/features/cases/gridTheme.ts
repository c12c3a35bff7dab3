/** AG Grid themes (Theming API) for light and dark, matched to the app's CSS variables: dense 32px rows. */
import { themeQuartz } from 'ag-grid-community'
import type { ColorScheme } from '../../lib/useColorScheme'

const shared = {
  fontFamily: 'inherit',
  fontSize: 13,
  headerFontSize: 12,
  headerFontWeight: 600,
  rowHeight: 32,
  headerHeight: 34,
  spacing: 6,
  borderRadius: 4,
  wrapperBorder: false,
  wrapperBorderRadius: 0,
  iconSize: 14,
} as const

export const GRID_THEMES = {
  light: themeQuartz.withParams({
    ...shared,
    browserColorScheme: 'light',
    backgroundColor: '#ffffff',
    foregroundColor: '#1f2937',
    accentColor: '#2563eb',
    borderColor: '#e4e7ec',
    headerBackgroundColor: '#f6f7f9',
    headerTextColor: '#4b5563',
    oddRowBackgroundColor: '#ffffff',
    rowHoverColor: 'rgba(37, 99, 235, 0.05)',
    selectedRowBackgroundColor: 'rgba(37, 99, 235, 0.13)',
    subtleTextColor: '#5b6472',
  }),
  dark: themeQuartz.withParams({
    ...shared,
    browserColorScheme: 'dark',
    backgroundColor: '#151a21',
    foregroundColor: '#e5e7eb',
    accentColor: '#60a5fa',
    borderColor: '#2a313b',
    headerBackgroundColor: '#1b2129',
    headerTextColor: '#b4bcc8',
    oddRowBackgroundColor: '#151a21',
    rowHoverColor: 'rgba(96, 165, 250, 0.08)',
    selectedRowBackgroundColor: 'rgba(96, 165, 250, 0.22)',
    subtleTextColor: '#a3abb8',
  }),
} satisfies Record<ColorScheme, unknown>

/** Chart colours per colour scheme. Channel colours are fixed per channel so a filter never repaints a series. */
import type { ColorScheme } from '../../lib/useColorScheme'

export interface ChartTheme {
  mode: ColorScheme
  text: string
  textMuted: string
  axisLine: string
  splitLine: string
  tooltipBackground: string
  tooltipBorder: string
  tooltipText: string
  sliderFill: string
  sliderHandle: string
  /** Colour per series key (channel). */
  seriesColors: Record<string, string>
  /** For keys without a fixed colour (a vendor's own channel). */
  fallbackPalette: string[]
}

export const CHART_THEMES: Record<ColorScheme, ChartTheme> = {
  light: {
    mode: 'light',
    text: '#1f2937',
    textMuted: '#5b6472',
    axisLine: '#c9ced6',
    splitLine: '#eceef2',
    tooltipBackground: '#ffffff',
    tooltipBorder: '#d5d9e0',
    tooltipText: '#1f2937',
    sliderFill: 'rgba(37, 99, 235, 0.12)',
    sliderHandle: '#2563eb',
    seriesColors: {
      email: '#2563eb',
      in_app: '#0d9488',
      web_form: '#d97706',
      social: '#db2777',
      creator_portal: '#7c3aed',
      phone: '#64748b',
    },
    fallbackPalette: ['#0891b2', '#65a30d', '#b45309', '#9333ea', '#475569'],
  },
  dark: {
    mode: 'dark',
    text: '#e5e7eb',
    textMuted: '#a3abb8',
    axisLine: '#3a414d',
    splitLine: '#262c35',
    tooltipBackground: '#1b2029',
    tooltipBorder: '#3a414d',
    tooltipText: '#e5e7eb',
    sliderFill: 'rgba(96, 165, 250, 0.18)',
    sliderHandle: '#60a5fa',
    seriesColors: {
      email: '#60a5fa',
      in_app: '#2dd4bf',
      web_form: '#fbbf24',
      social: '#f472b6',
      creator_portal: '#a78bfa',
      phone: '#94a3b8',
    },
    fallbackPalette: ['#22d3ee', '#a3e635', '#fb923c', '#c084fc', '#cbd5e1'],
  },
}

export function seriesColor(theme: ChartTheme, key: string | null, index: number): string {
  const fixed = key === null ? undefined : theme.seriesColors[key]
  if (fixed) return fixed
  const palette = theme.fallbackPalette
  return palette[index % palette.length] ?? theme.textMuted
}

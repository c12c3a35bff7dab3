/**
 * AG Grid Community modules the case grid uses (v33+ registers features explicitly, which keeps the bundle to what
 * is used). Imported for its side effect by the grid component.
 */
import {
  CellStyleModule,
  ColumnApiModule,
  InfiniteRowModelModule,
  ModuleRegistry,
  RenderApiModule,
  RowApiModule,
  RowSelectionModule,
  RowStyleModule,
  ScrollApiModule,
  TooltipModule,
  ValidationModule,
} from 'ag-grid-community'

ModuleRegistry.registerModules([
  InfiniteRowModelModule,
  RowSelectionModule,
  // Row class rules: the open ticket's row is marked by a class (row selection is the bulk checkboxes).
  RowStyleModule,
  CellStyleModule,
  TooltipModule,
  ColumnApiModule,
  RowApiModule,
  ScrollApiModule,
  RenderApiModule,
  // Explains misconfigurations in the console during development; left out of production builds.
  ...(import.meta.env.DEV ? [ValidationModule] : []),
])

export { ACCEPTED, ATTRIBUTES, AttributeError, type AttributeName, parseAttributes, type WidgetOptions } from './attributes.ts';
export { defineNorthStarMetric, NorthStarMetric, REFRESH_MS } from './element.ts';
export { countedLines, supportingOf } from './explain.ts';
export { formatChangePct, formatDelta, formatInstant, formatPct, formatValue, formatWeek } from './format.ts';
export { LoadError, type LoadErrorCode, loadPayload, requestUrl } from './load.ts';
export { isEmpty, readTrend } from './summary.ts';
export { View, type ViewProps, type ViewState } from './view.tsx';

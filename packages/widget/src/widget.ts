/** The script-tag / ES-module build entry (dist/widget.js): importing it registers <north-star-metric>. */
import { defineNorthStarMetric } from './element.ts';

defineNorthStarMetric();

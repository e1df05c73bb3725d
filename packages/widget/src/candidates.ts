/** The build entry of dist/widget-candidates.js: importing it registers <north-star-candidates>. */
import { defineNorthStarCandidates } from './candidates-element.ts';

defineNorthStarCandidates();
